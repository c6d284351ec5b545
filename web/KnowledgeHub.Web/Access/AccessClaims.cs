using System.Security.Claims;

namespace KnowledgeHub.Web.Access;

/// <summary>What an authenticated request carries about its key.</summary>
public static class AccessClaims
{
    public const string Tenant = "kh:tenant";

    public const string KeyId = "kh:key";

    /// <summary>The id the configured bootstrap key authenticates as; it has no row in the key store.</summary>
    public const string BootstrapKeyId = "bootstrap";

    public static string? TenantOf(ClaimsPrincipal user) => user.FindFirst(Tenant)?.Value;

    public static string? KeyIdOf(ClaimsPrincipal user) => user.FindFirst(KeyId)?.Value;

    public static string? RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value;
}
