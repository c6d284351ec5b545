namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>
/// Weighted sum of standardised scores: each list's scores become (score - mean) / standard deviation, so one
/// outlying top score does not squash the rest of its list the way min-max scaling does. A candidate missing
/// from a list gets that list's minimum standardised score (it ranked below everything the list returned). A list
/// whose scores are all equal (one keyword match, say) has no spread to standardise: its candidates get 1 and
/// those missing from it 0, so a lone match still counts.
/// </summary>
public sealed class ZScoreFusion(params double[] weights) : WeightedFusion(weights)
{
    public override IReadOnlyList<ScoredId> Fuse(IReadOnlyList<IReadOnlyList<ScoredId>> lists, int top)
    {
        EnsureOneListPerWeight(lists);

        var standardised = lists.Select(Standardise).ToList();
        var fused = new Dictionary<string, (double Score, int BestRank)>(StringComparer.Ordinal);
        foreach (var list in standardised)
        {
            for (var i = 0; i < list.Scores.Count; i++)
            {
                var id = list.Scores[i].Id;
                fused[id] = fused.TryGetValue(id, out var seen) ? (0, Math.Min(seen.BestRank, i + 1)) : (0, i + 1);
            }
        }

        foreach (var id in fused.Keys.ToList())
        {
            var score = 0.0;
            for (var l = 0; l < standardised.Count; l++)
            {
                var list = standardised[l];
                score += Weights[l] * (list.ById.TryGetValue(id, out var z) ? z : list.Floor);
            }

            fused[id] = (score, fused[id].BestRank);
        }

        return TakeTop(fused, top);
    }

    private static (IReadOnlyList<ScoredId> Scores, Dictionary<string, double> ById, double Floor) Standardise(IReadOnlyList<ScoredId> list)
    {
        var byId = new Dictionary<string, double>(StringComparer.Ordinal);
        if (list.Count == 0)
        {
            return (list, byId, 0);
        }

        var mean = list.Average(c => c.Score);
        var sd = Math.Sqrt(list.Average(c => (c.Score - mean) * (c.Score - mean)));
        foreach (var c in list)
        {
            byId[c.Id] = sd > 0 ? (c.Score - mean) / sd : 1;
        }

        return (list, byId, sd > 0 ? byId.Values.Min() : 0);
    }
}
