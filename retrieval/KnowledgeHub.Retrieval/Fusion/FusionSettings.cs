using System.ComponentModel.DataAnnotations;
using System.Globalization;
using KnowledgeHub.Retrieval.Embedded;

namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>
/// How one hybrid search merges its keyword and dense lists. The defaults are the measured best for SciFact and
/// Cranfield together (docs/benchmarks.md, "Retrieval tuning"); a collection whose questions favour one side (COVID-QA
/// favours keywords) gets its own entry under <see cref="FusionOptions.Collections"/>.
/// </summary>
public class FusionSettings
{
    /// <summary>"zscore" (weighted sum of standardised scores) or "rrf" (reciprocal rank fusion).</summary>
    [Required]
    [RegularExpression("^(zscore|rrf)$", ErrorMessage = "The fusion method must be 'zscore' or 'rrf'.")]
    public string Method { get; set; } = "zscore";

    [Range(0.0, 100.0)]
    public double KeywordWeight { get; set; } = 1;

    [Range(0.0, 100.0)]
    public double DenseWeight { get; set; } = 1;

    /// <summary>The k of reciprocal rank fusion (only with Method = rrf).</summary>
    [Range(1, 10_000)]
    public int RrfK { get; set; } = ReciprocalRankFusion.DefaultK;

    /// <summary>Top dense chunks whose mean is added to the query vector before the dense side is searched again (0 = off).</summary>
    [Range(0, 50)]
    public int DenseFeedbackChunks { get; set; } = DenseFeedback.Default.Chunks;

    public RankFusion ToRankFusion() => Method == "rrf"
        ? new ReciprocalRankFusion(RrfK, KeywordWeight, DenseWeight)
        : new ZScoreFusion(KeywordWeight, DenseWeight);

    /// <summary>Problems that attribute validation cannot see; empty when the settings are usable.</summary>
    public IEnumerable<string> Problems(string path)
    {
        if (KeywordWeight + DenseWeight <= 0)
        {
            yield return $"{path}: KeywordWeight and DenseWeight cannot both be 0.";
        }
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Method == "rrf" ? $"rrf{RrfK}" : Method)}:keyword*{KeywordWeight}+dense*{DenseWeight}, feedback {DenseFeedbackChunks}");
}
