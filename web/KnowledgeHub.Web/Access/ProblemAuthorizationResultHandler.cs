using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace KnowledgeHub.Web.Access;

/// <summary>Answers a wrong role with a 403 ProblemDetails that names the roles the endpoint admits; everything else as the default does.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var allowed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct(StringComparer.Ordinal);
            var role = AccessClaims.RoleOf(context.User) ?? "none";
            await AccessProblems.WriteForbiddenAsync(
                context,
                problems,
                $"This request needs a key with role {string.Join(" or ", allowed.Select(r => $"'{r}'"))}; this key's role is '{role}'.");
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
