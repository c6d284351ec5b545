using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Web.Access;

/// <summary>Per-key request budgets, counted in fixed windows by each process.</summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "KnowledgeHub:RateLimits";

    /// <summary>Ask, streamed ask and chat completions: the requests that run retrieval and the decoder.</summary>
    [Required]
    public RateLimitWindow Ask { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Document uploads.</summary>
    [Required]
    public RateLimitWindow Upload { get; set; } = new() { PermitLimit = 600 };

    // Data annotations do not descend into nested objects by themselves.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, window) in new[] { (nameof(Ask), Ask), (nameof(Upload), Upload) })
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(window, new ValidationContext(window), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"{Section}:{name}: {result.ErrorMessage}");
            }
        }
    }
}

public sealed class RateLimitWindow
{
    /// <summary>Requests one key may make per window; 0 turns the limit off.</summary>
    [Range(0, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
