namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>
/// Reciprocal rank fusion (Cormack et al. 2009): score(d) = sum over lists of 1 / (k + rank), rank 1-based.
/// It needs no score calibration between BM25 and cosine, which is why it is the default.
/// </summary>
public sealed class ReciprocalRankFusion : RankFusion
{
    public const int DefaultK = 60;

    public ReciprocalRankFusion(int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        K = k;
    }

    public int K { get; }

    public override IReadOnlyList<ScoredId> Fuse(IReadOnlyList<IReadOnlyList<ScoredId>> lists, int top)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var fused = new Dictionary<string, (double Score, int BestRank)>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var rank = i + 1;
                var contribution = 1.0 / (K + rank);
                fused[list[i].Id] = fused.TryGetValue(list[i].Id, out var seen)
                    ? (seen.Score + contribution, Math.Min(seen.BestRank, rank))
                    : (contribution, rank);
            }
        }

        return TakeTop(fused, top);
    }
}
