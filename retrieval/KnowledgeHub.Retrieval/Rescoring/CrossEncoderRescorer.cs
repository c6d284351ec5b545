using KnowledgeHub.Retrieval.Fusion;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>
/// Re-scores the best fused candidates with a cross-encoder, which reads the question and each passage together (the
/// strongest kind of re-ranker; ms-marco MiniLM and bge-reranker are ones). Its logits are merged with the fused scores
/// by <see cref="RescoredList"/> at a weight that lets the cross-encoder decide (<see cref="RescoringOptions.EffectiveWeight"/>).
/// Scores depend on the question, so nothing is cached. A question in a language the model does not declare keeps the fused order.
/// </summary>
public sealed class CrossEncoderRescorer(ICrossEncoder crossEncoder, IOptions<RescoringOptions> options) : IRescorer
{
    private readonly RescoringOptions settings = options.Value;

    public int Depth => settings.EffectiveDepth;

    /// <summary>The cross-encoder's model id.</summary>
    public string ModelId => crossEncoder.ModelId;

    /// <summary>Where the cross-encoder runs ("CUDA", "CPU").</summary>
    public string ExecutionProvider => crossEncoder.ExecutionProvider;

    public async Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(candidates);
        var head = candidates.Take(Depth).DistinctBy(h => h.Chunk.Id).ToList();
        if (head.Count < 2 || !LanguageCoverage.Covers(crossEncoder.Languages, query))
        {
            return candidates;
        }

        var logits = await crossEncoder.ScoreAsync(query, [.. head.Select(h => PassageText.ForEmbedding(h.Chunk.HeadingPath, h.Chunk.Text))], cancellationToken);
        return RescoredList.Merge(candidates, head, head.Select((h, i) => new ScoredId(h.Chunk.Id, logits[i])), settings.EffectiveWeight);
    }

    /// <summary>Scores one pair (loading the model on first use): readiness probes call it.</summary>
    public async Task<bool> ScoresAsync(CancellationToken cancellationToken)
    {
        var scores = await crossEncoder.ScoreAsync("health", ["health check"], cancellationToken);
        return scores.Length == 1 && float.IsFinite(scores[0]);
    }
}
