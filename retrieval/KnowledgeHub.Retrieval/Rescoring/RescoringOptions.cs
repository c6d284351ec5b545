using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>Settings of the re-scoring stage, bound from <see cref="Section"/>.</summary>
public sealed class RescoringOptions
{
    public const string Section = "KnowledgeHub:Retrieval:Rescoring";

    /// <summary>
    /// "none" (default) or "sentence". Off by default because the evaluation found no gain worth its cost: the best
    /// sentence re-scoring row gained 0.001 nDCG@10 on SciFact and Cranfield (docs/benchmarks.md).
    /// </summary>
    [Required]
    [RegularExpression("^(none|sentence)$", ErrorMessage = "KnowledgeHub:Retrieval:Rescoring:Rescorer must be 'none' or 'sentence'.")]
    public string Rescorer { get; set; } = "none";

    /// <summary>Fused candidates re-scored per query.</summary>
    [Range(1, 1000)]
    public int Depth { get; set; } = 30;

    /// <summary>Weight of the re-scorer's z-scores against the fused scores' (1).</summary>
    [Range(0.0, 100.0)]
    public double Weight { get; set; } = 0.25;

    /// <summary>Chunks whose sentence vectors are kept in memory between queries.</summary>
    [Range(0, 10_000_000)]
    public int CacheChunks { get; set; } = 20_000;
}
