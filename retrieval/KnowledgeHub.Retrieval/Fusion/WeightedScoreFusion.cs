namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>
/// Convex combination of min-max normalised scores: each list's scores are mapped to [0, 1]
/// (a list whose scores are all equal maps to 1), multiplied by the list's weight and summed;
/// a candidate missing from a list gets 0 from it.
/// </summary>
public sealed class WeightedScoreFusion(params double[] weights) : WeightedFusion(weights)
{
    public override IReadOnlyList<ScoredId> Fuse(IReadOnlyList<IReadOnlyList<ScoredId>> lists, int top)
    {
        EnsureOneListPerWeight(lists);

        var fused = new Dictionary<string, (double Score, int BestRank)>(StringComparer.Ordinal);
        for (var l = 0; l < lists.Count; l++)
        {
            var list = lists[l];
            if (list.Count == 0)
            {
                continue;
            }

            var min = list.Min(c => c.Score);
            var range = list.Max(c => c.Score) - min;
            for (var i = 0; i < list.Count; i++)
            {
                var normalised = range > 0 ? (list[i].Score - min) / range : 1.0;
                var contribution = Weights[l] * normalised;
                fused[list[i].Id] = fused.TryGetValue(list[i].Id, out var seen)
                    ? (seen.Score + contribution, Math.Min(seen.BestRank, i + 1))
                    : (contribution, i + 1);
            }
        }

        return TakeTop(fused, top);
    }
}
