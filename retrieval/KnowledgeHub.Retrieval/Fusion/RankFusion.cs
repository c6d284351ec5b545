namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>Merges ranked candidate lists (best first, ids unique within a list) into one list.</summary>
public abstract class RankFusion
{
    /// <param name="lists">The lists to merge, each best first; the order of lists matters only to weighted methods.</param>
    /// <param name="top">How many fused candidates to return.</param>
    public abstract IReadOnlyList<ScoredId> Fuse(IReadOnlyList<IReadOnlyList<ScoredId>> lists, int top);

    /// <summary>Best first; ties go to the candidate with the better best rank, then to the smaller id, so results are reproducible.</summary>
    protected static IReadOnlyList<ScoredId> TakeTop(Dictionary<string, (double Score, int BestRank)> fused, int top)
    {
        ArgumentNullException.ThrowIfNull(fused);
        return fused
            .OrderByDescending(p => p.Value.Score)
            .ThenBy(p => p.Value.BestRank)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(Math.Max(top, 0))
            .Select(p => new ScoredId(p.Key, p.Value.Score))
            .ToList();
    }
}
