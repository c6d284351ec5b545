using KnowledgeHub.Ingestion.Documents;
using System.Security.Claims;
using System.Text.Encodings.Web;
using KnowledgeHub.Ingestion.Tenancy;
using KnowledgeHub.Web.Apis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KnowledgeHub.Web.Access;

/// <summary>`Authorization: Bearer &lt;key&gt;`, as OpenAI clients send it; the principal carries the key's tenant and role.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyValidator validator,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    private const int MaxTokenLength = 512;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail(ApiKeyRejectedException.Malformed());
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength || token.Any(char.IsWhiteSpace))
        {
            return AuthenticateResult.Fail(ApiKeyRejectedException.Malformed());
        }

        var key = await validator.ValidateAsync(token, Context.RequestAborted);
        if (key is null)
        {
            AccessLog.KeyRejected(Logger, ApiKeyTokens.TryParse(token, out var id, out _) ? LogText.Escape(id) : "(not kh_ form)");
            return AuthenticateResult.Fail(ApiKeyRejectedException.Invalid());
        }

        Claim[] claims =
        [
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, ApiKeyRoles.Text(key.Role)),
            new(AccessClaims.Tenant, key.Tenant),
            new(AccessClaims.KeyId, key.Id),
            .. (key.Groups ?? []).Select(g => new Claim(AccessClaims.Group, g)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var rejection = result.Failure as ApiKeyRejectedException ?? ApiKeyRejectedException.Missing();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = rejection.BearerError is null
            ? "Bearer realm=\"KnowledgeHub\""
            : $"Bearer realm=\"KnowledgeHub\", error=\"{rejection.BearerError}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = rejection.Title, Detail = rejection.Message },
        });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AccessProblems.WriteForbiddenAsync(Context, problems, "This key's role does not allow this request.");
}
