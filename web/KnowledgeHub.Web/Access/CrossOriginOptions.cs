using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Access;

/// <summary>Browser origins other than the server's own that may call the API (CORS). None by default.</summary>
public sealed class CrossOriginOptions : IValidatableObject
{
    public const string Section = "KnowledgeHub:Cors";

    /// <summary>Exact origins, e.g. `https://chat.example.com`; `*` admits any origin (keys still required).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// A browser sends its origin as scheme, host and port only; an entry with a path, a trailing slash or no scheme
    /// would never match, and CORS would fail silently in the browser instead of at start.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (origin == "*")
            {
                continue;
            }

            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin)
            {
                yield return new ValidationResult(
                    $"KnowledgeHub:Cors:AllowedOrigins entry '{origin}' is not an origin: give scheme, host and optional port only, e.g. 'https://chat.example.com' (no path, no trailing slash), or '*'.");
            }
        }
    }
}
