using KnowledgeHub.Web.Access;

namespace KnowledgeHub.Web.Apis;

internal static class Tenants
{
    /// <summary>The tenant of the request's API key. Every API endpoint requires a key, so a request without one is a wiring bug, not a default.</summary>
    public static string Current(HttpContext context) =>
        AccessClaims.TenantOf(context.User)
        ?? throw new InvalidOperationException($"{context.Request.Path} ran without an authenticated API key; the endpoint must not be anonymous.");
}
