namespace KnowledgeHub.Bench.Evaluation;

/// <summary>
/// Ranking metrics as BEIR computes them with pytrec_eval. Inputs: document ids best first (distinct)
/// and the query's judgments (document id to graded relevance); a relevance of 0 or below is not relevant.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>
    /// nDCG@k with linear gain (the relevance grade itself) and a log2(rank + 1) discount, normalised by the
    /// DCG of the judged documents in ideal order (trec_eval's ndcg_cut, as used by BEIR).
    /// </summary>
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments)
    {
        Check(k, ranked, judgments);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            dcg += Gain(ranked[i], judgments) / Math.Log2(i + 2);
        }

        var ideal = judgments.Values.Where(r => r > 0).OrderByDescending(r => r).Take(k).ToList();
        var idcg = 0.0;
        for (var i = 0; i < ideal.Count; i++)
        {
            idcg += ideal[i] / Math.Log2(i + 2);
        }

        return idcg > 0 ? dcg / idcg : 0.0;
    }

    /// <summary>Share of the relevant documents found in the first k.</summary>
    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments)
    {
        Check(k, ranked, judgments);
        var relevant = judgments.Count(p => p.Value > 0);
        if (relevant == 0)
        {
            return 0.0;
        }

        var found = ranked.Take(k).Count(id => Gain(id, judgments) > 0);
        return (double)found / relevant;
    }

    /// <summary>Reciprocal rank of the first relevant document within the first k; 0 when none is there.</summary>
    public static double MrrAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments)
    {
        Check(k, ranked, judgments);
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (Gain(ranked[i], judgments) > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0.0;
    }

    private static int Gain(string id, IReadOnlyDictionary<string, int> judgments) =>
        judgments.TryGetValue(id, out var relevance) && relevance > 0 ? relevance : 0;

    private static void Check(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgments);
    }
}
