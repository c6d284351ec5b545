using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>One collection's re-scoring (<see cref="RescoringOptions.Collections"/>): unset members follow the section's.</summary>
public sealed class CollectionRescoring
{
    /// <summary>"none", "sentence", "encoder" or "cross-encoder".</summary>
    [RegularExpression("^(none|sentence|encoder|cross-encoder)$", ErrorMessage = "The re-scorer must be 'none', 'sentence', 'encoder' or 'cross-encoder'.")]
    public string? Rescorer { get; set; }

    /// <summary>The second encoder or cross-encoder folder (<see cref="RescoringOptions.Model"/>); unset: the section's when the re-scorer is the same kind.</summary>
    public string? Model { get; set; }

    [Range(1, 1000)]
    public int? Depth { get; set; }

    [Range(0.0, 100.0)]
    public double? Weight { get; set; }
}
