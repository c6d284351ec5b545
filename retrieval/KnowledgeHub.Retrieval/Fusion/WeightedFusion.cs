namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>A score-based fusion with one non-negative weight per input list.</summary>
public abstract class WeightedFusion : RankFusion
{
    /// <param name="weights">One non-negative weight per list, in the order lists are passed to <see cref="RankFusion.Fuse"/>.</param>
    protected WeightedFusion(double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length == 0 || weights.Any(w => w < 0 || double.IsNaN(w)))
        {
            throw new ArgumentException("Weights must be non-negative numbers, one per list.", nameof(weights));
        }

        Weights = weights;
    }

    public IReadOnlyList<double> Weights { get; }

    protected void EnsureOneListPerWeight(IReadOnlyList<IReadOnlyList<ScoredId>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (lists.Count != Weights.Count)
        {
            throw new ArgumentException($"Expected {Weights.Count} lists (one per weight), got {lists.Count}.", nameof(lists));
        }
    }
}
