using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Access;

public sealed class AuthOptions
{
    public const string Section = "KnowledgeHub:Auth";

    /// <summary>
    /// An admin key of the default tenant, taken from configuration (any string of 20 to 512 characters without whitespace).
    /// When unset and the store has never held an admin key of the default tenant, one is generated and printed once.
    /// </summary>
    [RegularExpression(@"^\S{20,512}$", ErrorMessage = "KnowledgeHub:Auth:BootstrapKey must be 20 to 512 characters without whitespace.")]
    public string? BootstrapKey { get; set; }

    /// <summary>
    /// How long a validated key is trusted without reading the store again. A revocation through this process takes
    /// effect at once; other processes see it within this time.
    /// </summary>
    [Range(0, 300)]
    public int ValidationCacheSeconds { get; set; } = 5;
}
