using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>How every re-scorer merges its scores back: weighted z-scores over the re-scored head, the rest unchanged after it.</summary>
internal static class RescoredList
{
    /// <param name="head">The first candidates, distinct by chunk id, best first.</param>
    /// <param name="scores">The re-scorer's score per head chunk; a chunk without one counts as the list's lowest.</param>
    public static IReadOnlyList<SearchHit> Merge(IReadOnlyList<SearchHit> candidates, IReadOnlyList<SearchHit> head, IEnumerable<ScoredId> scores, double weight)
    {
        var byId = head.ToDictionary(h => h.Chunk.Id, StringComparer.Ordinal);
        var fused = head.Select(h => new ScoredId(h.Chunk.Id, h.Score)).ToList();
        var rescorer = scores.OrderByDescending(s => s.Score).ToList();
        var rescored = new ZScoreFusion(1, weight).Fuse([fused, rescorer], head.Count);
        return [.. rescored.Select(s => byId[s.Id] with { Score = s.Score }), .. candidates.Skip(head.Count)];
    }
}
