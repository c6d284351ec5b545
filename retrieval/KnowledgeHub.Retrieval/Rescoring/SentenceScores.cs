using System.Numerics.Tensors;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>
/// How well a passage's sentences match a query: the mean cosine of its best <c>n</c> sentences (n = 1: max-sim).
/// A claim is usually supported by one sentence of a passage; the passage's single vector averages that sentence
/// with the rest. Vectors are unit length, so the dot product is the cosine.
/// </summary>
public static class SentenceScores
{
    /// <summary>Mean cosine of the best <paramref name="n"/> sentences (all of them when fewer); null when there are none.</summary>
    public static double? TopMean(ReadOnlySpan<float> query, IReadOnlyList<float[]> sentences, int n = 1)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (sentences.Count == 0)
        {
            return null;
        }

        var best = new double[Math.Min(n, sentences.Count)];
        Array.Fill(best, double.NegativeInfinity);
        foreach (var sentence in sentences)
        {
            Insert(best, TensorPrimitives.Dot(query, sentence));
        }

        return best.Average();
    }

    /// <summary>
    /// <see cref="TopMean"/> for many groups at once: <paramref name="group"/>[i] says which group sentence i belongs
    /// to. Null for a group without sentences.
    /// </summary>
    public static double?[] TopMeanPerGroup(ReadOnlySpan<float> query, IReadOnlyList<float[]> sentences, IReadOnlyList<int> group, int groups, int n = 1)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var best = new double[groups][];
        for (var i = 0; i < sentences.Count; i++)
        {
            var slot = best[group[i]] ??= Filled(n);
            Insert(slot, TensorPrimitives.Dot(query, sentences[i]));
        }

        return [.. best.Select(b => b is null ? (double?)null : b.Where(double.IsFinite).Average())];
    }

    private static double[] Filled(int n)
    {
        var values = new double[n];
        Array.Fill(values, double.NegativeInfinity);
        return values;
    }

    // Keeps the array sorted best first.
    private static void Insert(double[] best, double score)
    {
        if (score <= best[^1])
        {
            return;
        }

        var i = best.Length - 1;
        while (i > 0 && best[i - 1] < score)
        {
            best[i] = best[i - 1];
            i--;
        }

        best[i] = score;
    }
}
