using System.Security.Claims;

namespace KnowledgeHub.Web.Access;

/// <summary>What an authenticated request carries about its key.</summary>
public static class AccessClaims
{
    public const string Tenant = "kh:tenant";

    public const string KeyId = "kh:key";

    /// <summary>One claim per access group of a non-admin key; absent on admin keys, which read everything of their tenant.</summary>
    public const string Group = "kh:group";

    /// <summary>The id the configured bootstrap key authenticates as; it has no row in the key store.</summary>
    public const string BootstrapKeyId = "bootstrap";

    public static string? TenantOf(ClaimsPrincipal user) => user.FindFirst(Tenant)?.Value;

    public static string? KeyIdOf(ClaimsPrincipal user) => user.FindFirst(KeyId)?.Value;

    public static string? RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value;

    /// <summary>
    /// The groups a reader is restricted to: null for an admin key (every document of its tenant), else the key's groups
    /// (possibly none: then only documents without groups).
    /// </summary>
    public static IReadOnlyList<string>? ReaderGroupsOf(ClaimsPrincipal user) =>
        RoleOf(user) == Ingestion.Tenancy.ApiKeyRoles.Admin ? null : [.. user.FindAll(Group).Select(c => c.Value)];
}
