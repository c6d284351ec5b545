using System.Text.RegularExpressions;
using KnowledgeHub.Ingestion.Tenancy;
using KnowledgeHub.Web.Apis;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Access;

/// <param name="Groups">The access groups of an ingest or ask key: it reads documents without groups and those sharing one of these.</param>
public sealed record CreateKeyBody(string? Name, string? Role, string? Tenant, IReadOnlyList<string?>? Groups = null);

/// <param name="Groups">The key's access groups; absent when it has none (an admin key reads everything of its tenant regardless).</param>
public sealed record KeyDto(
    string Id, string Name, string Tenant, string Role, DateTimeOffset? CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, IReadOnlyList<string>? Groups = null)
{
    public static KeyDto From(ApiKeyRecord k) =>
        new(k.Id, k.Name, k.Tenant, ApiKeyRoles.Text(k.Role), k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.Groups.Count == 0 ? null : k.Groups);
}

/// <param name="Key">The whole key; this response is the only time it is shown.</param>
public sealed record CreatedKeyDto(string Id, string Name, string Tenant, string Role, DateTimeOffset CreatedAt, string Key, IReadOnlyList<string>? Groups = null);

public sealed record KeyListDto(IReadOnlyList<KeyDto> Keys);

/// <summary>
/// Key management for admins. An admin manages its own tenant's keys; an admin of the default tenant (the operator,
/// which the bootstrap key belongs to) may also create, list and revoke keys of any tenant — that is how tenants begin.
/// </summary>
public static partial class KeysApi
{
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/keys").WithTags("Keys");
        api.MapPost("/", CreateAsync).RequireAuthorization(AccessPolicies.Admin);
        api.MapGet("/", ListAsync).RequireAuthorization(AccessPolicies.Admin);
        api.MapDelete("/{id}", RevokeAsync).RequireAuthorization(AccessPolicies.Admin);
        api.MapGet("/current", Current).RequireAuthorization(AccessPolicies.Read);
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex TenantName();

    private static bool IsOperator(HttpContext context) =>
        Tenants.Current(context) == context.RequestServices.Settings<KnowledgeHubOptions>().DefaultTenant
        && AccessClaims.RoleOf(context.User) == ApiKeyRoles.Admin;

    private static async Task<Results<Created<CreatedKeyDto>, ProblemHttpResult>> CreateAsync(
        HttpContext context, IApiKeyStore keys, TimeProvider timeProvider, ILogger<ApiKeyValidator> logger, CreateKeyBody? body, CancellationToken cancellationToken)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > MaxNameLength)
        {
            return Problems.Invalid("name", $"'name' is required, at most {MaxNameLength} characters.");
        }

        if (!ApiKeyRoles.TryParse(body.Role, out var role))
        {
            return Problems.Invalid("role", "'role' must be 'admin', 'ingest' or 'ask'.");
        }

        IReadOnlyList<string> groups;
        try
        {
            groups = Retrieval.AccessGroups.Normalize(body.Groups);
        }
        catch (ArgumentException ex)
        {
            return Problems.Invalid("groups", ex.Message);
        }

        if (role == ApiKeyRole.Admin && groups.Count > 0)
        {
            return Problems.Invalid("groups", "An admin key reads every document of its tenant; 'groups' applies to ingest and ask keys only.");
        }

        var own = Tenants.Current(context);
        var tenant = string.IsNullOrWhiteSpace(body.Tenant) ? own : body.Tenant.Trim();
        if (!TenantName().IsMatch(tenant))
        {
            return Problems.Invalid("tenant", "'tenant' must be 1 to 64 letters, digits, '_', '.' or '-'.");
        }

        if (tenant != own && !IsOperator(context))
        {
            return Problems.Status(
                StatusCodes.Status403Forbidden,
                "Insufficient role",
                "Only an admin key of the default tenant may create keys for another tenant; leave 'tenant' out to create one for your own.");
        }

        var (id, token, hash) = ApiKeyTokens.Create();
        var record = new ApiKeyRecord { Id = id, Name = body.Name.Trim(), Tenant = tenant, Role = role, SecretHash = hash, CreatedAt = timeProvider.GetUtcNow(), Groups = groups };
        await keys.AddAsync(record, cancellationToken);
        var created = new CreatedKeyDto(id, record.Name, tenant, ApiKeyRoles.Text(role), record.CreatedAt, token, groups.Count == 0 ? null : groups);
        var createdBy = AccessClaims.KeyIdOf(context.User) ?? "?";
        AccessLog.KeyCreated(logger, id, created.Role, tenant, createdBy);
        return TypedResults.Created($"/api/keys/{id}", created);
    }

    /// <param name="tenant">The operator's choice of tenant; `*` lists every tenant. Others always see their own.</param>
    private static async Task<Results<Ok<KeyListDto>, ProblemHttpResult>> ListAsync(HttpContext context, IApiKeyStore keys, string? tenant, CancellationToken cancellationToken)
    {
        var own = Tenants.Current(context);
        if (!string.IsNullOrEmpty(tenant) && tenant != own && !IsOperator(context))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Insufficient role", "Only an admin key of the default tenant may list another tenant's keys.");
        }

        var list = await keys.ListAsync(string.IsNullOrEmpty(tenant) ? own : tenant == "*" ? null : tenant, cancellationToken);
        return TypedResults.Ok(new KeyListDto(list.Select(KeyDto.From).ToList()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        HttpContext context, IApiKeyStore keys, ApiKeyValidator validator, TimeProvider timeProvider, ILogger<ApiKeyValidator> logger, string id, CancellationToken cancellationToken)
    {
        var scope = IsOperator(context) ? null : Tenants.Current(context);
        if (!await keys.RevokeAsync(scope, id, timeProvider.GetUtcNow(), cancellationToken))
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Key not found", $"No key with id '{id}' in your tenant.");
        }

        validator.Forget(id);
        var revokedBy = AccessClaims.KeyIdOf(context.User) ?? "?";
        AccessLog.KeyRevoked(logger, id, revokedBy);
        return TypedResults.NoContent();
    }

    private static Ok<KeyDto> Current(HttpContext context) => TypedResults.Ok(new KeyDto(
        AccessClaims.KeyIdOf(context.User)!,
        context.User.Identity?.Name ?? string.Empty,
        Tenants.Current(context),
        AccessClaims.RoleOf(context.User)!,
        null,
        null,
        null,
        context.User.FindAll(AccessClaims.Group).Select(c => c.Value).ToList() is { Count: > 0 } groups ? groups : null));
}
