using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>
/// What data annotations cannot check at start-up: overlap smaller than size, for the section and for every
/// per-collection entry as it takes effect (its unset members filled from the section), each named by its key.
/// </summary>
public sealed class ChunkingOptionsValidator : IValidateOptions<ChunkingOptions>
{
    public ValidateOptionsResult Validate(string? name, ChunkingOptions options)
    {
        var problems = new List<string>();
        if (options.OverlapTokens >= options.MaxTokens)
        {
            problems.Add($"{ChunkingOptions.Section}: OverlapTokens ({options.OverlapTokens}) must be smaller than MaxTokens ({options.MaxTokens}).");
        }

        foreach (var (collection, entry) in options.Collections)
        {
            var prefix = $"{ChunkingOptions.Section}:Collections:{collection}";
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(entry, new ValidationContext(entry), results, validateAllProperties: true))
            {
                problems.AddRange(results.Select(r => $"{prefix}: {r.ErrorMessage}"));
                continue;
            }

            var effective = options.For(collection);
            if (ChunkingOptions.Problem(effective.MaxTokens, effective.OverlapTokens) is { } problem)
            {
                problems.Add($"{prefix}: {problem}");
            }
        }

        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
