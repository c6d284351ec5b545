using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>Settings of the re-scoring stage, bound from <see cref="Section"/>.</summary>
public sealed class RescoringOptions
{
    public const string Section = "KnowledgeHub:Retrieval:Rescoring";

    public const string None = "none";
    public const string Sentence = "sentence";
    public const string Encoder = "encoder";
    public const string CrossEncoder = "cross-encoder";

    /// <summary>
    /// "encoder" (default: the candidates' cosine under a second encoder, <see cref="Model"/>), "sentence" (best single
    /// sentence under the index's encoder) or "none". The second encoder is on by default because it gains on SciFact
    /// and Cranfield for a bounded cost (it embeds up to <see cref="EffectiveDepth"/> uncached chunks per query); the
    /// sentence re-scorer gained next to nothing. "cross-encoder": a cross-encoder model folder (<see cref="Model"/>, required)
    /// scores (question, passage) pairs. Numbers: docs/benchmarks.md.
    /// </summary>
    [Required]
    [RegularExpression("^(none|sentence|encoder|cross-encoder)$", ErrorMessage = "KnowledgeHub:Retrieval:Rescoring:Rescorer must be 'none', 'sentence', 'encoder' or 'cross-encoder'.")]
    public string Rescorer { get; set; } = Encoder;

    /// <summary>Fused candidates re-scored per query; unset: 30 for "sentence" and "cross-encoder", 10 for "encoder" (the best measured).</summary>
    [Range(1, 1000)]
    public int? Depth { get; set; }

    /// <summary>
    /// Weight of the re-scorer's z-scores against the fused scores' (1); unset: 0.25 for "sentence", 0.5 for "encoder",
    /// 4 for "cross-encoder" (a cross-encoder decides the order, the fused scores only break its near-ties).
    /// </summary>
    [Range(0.0, 100.0)]
    public double? Weight { get; set; }

    /// <summary>
    /// The second encoder of the "encoder" re-scorer, a model the encoder packages ship or a model folder; unset: the one
    /// the index does not use (snowflake-arctic-embed-xs beside the default all-MiniLM-L6-v2, and the other way round).
    /// For "cross-encoder", the folder holding the cross-encoder's ONNX export (docs/models.md).
    /// </summary>
    public string? Model { get; set; }

    /// <summary>
    /// Weights precision of the second encoder, "int8" (default: quantised at first use; 43% less re-scoring time than
    /// "float32" for 0.001 nDCG@10 on SciFact and Cranfield) or "float32".
    /// </summary>
    [Required]
    [RegularExpression("^(float32|int8)$", ErrorMessage = "KnowledgeHub:Retrieval:Rescoring:Precision must be 'float32' or 'int8'.")]
    public string Precision { get; set; } = "int8";

    /// <summary>Chunks whose re-scoring vectors (sentence or second-encoder) are kept in memory between queries.</summary>
    [Range(0, 10_000_000)]
    public int CacheChunks { get; set; } = 20_000;

    /// <summary>
    /// Re-scoring per collection, e.g. a cross-encoder for one collection and none for another; an entry's unset members
    /// follow this section (a different re-scorer takes its own default depth and weight).
    /// </summary>
    public Dictionary<string, CollectionRescoring> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>The settings a search in <paramref name="collection"/> gets (null or unlisted: these).</summary>
    public RescoringOptions For(string? collection)
    {
        if (collection is null || !Collections.TryGetValue(collection, out var own))
        {
            return this;
        }

        var sameKind = own.Rescorer is null || own.Rescorer == Rescorer;
        var copy = (RescoringOptions)MemberwiseClone();
        copy.Rescorer = own.Rescorer ?? Rescorer;
        copy.Model = own.Model ?? (sameKind ? Model : null);
        copy.Depth = own.Depth ?? (sameKind ? Depth : null);
        copy.Weight = own.Weight ?? (sameKind ? Weight : null);
        return copy;
    }

    public int EffectiveDepth => Depth ?? (Rescorer == Encoder ? 10 : 30);

    public double EffectiveWeight => Weight ?? Rescorer switch
    {
        Encoder => 0.5,
        CrossEncoder => 4,
        _ => 0.25,
    };
}
