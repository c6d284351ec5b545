namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>
/// Reciprocal rank fusion (Cormack et al. 2009): score(d) = sum over lists of 1 / (k + rank), rank 1-based.
/// It needs no score calibration between BM25 and cosine; z-score fusion, which keeps how far ahead a top candidate
/// is, measured better and is the default (<see cref="FusionSettings"/>).
/// </summary>
public sealed class ReciprocalRankFusion : RankFusion
{
    public const int DefaultK = 60;

    /// <param name="weights">Optional multiplier of each list's contributions, in list order; all 1 when omitted.</param>
    public ReciprocalRankFusion(int k = DefaultK, params double[] weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Any(w => w < 0 || double.IsNaN(w)))
        {
            throw new ArgumentException("Weights must be non-negative numbers.", nameof(weights));
        }

        K = k;
        Weights = weights;
    }

    public int K { get; }

    public IReadOnlyList<double> Weights { get; }

    public override IReadOnlyList<ScoredId> Fuse(IReadOnlyList<IReadOnlyList<ScoredId>> lists, int top)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var fused = new Dictionary<string, (double Score, int BestRank)>(StringComparer.Ordinal);
        for (var l = 0; l < lists.Count; l++)
        {
            var list = lists[l];
            var weight = l < Weights.Count ? Weights[l] : 1.0;
            for (var i = 0; i < list.Count; i++)
            {
                var rank = i + 1;
                var contribution = weight / (K + rank);
                fused[list[i].Id] = fused.TryGetValue(list[i].Id, out var seen)
                    ? (seen.Score + contribution, Math.Min(seen.BestRank, rank))
                    : (contribution, rank);
            }
        }

        return TakeTop(fused, top);
    }
}
