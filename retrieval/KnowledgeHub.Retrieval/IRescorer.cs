namespace KnowledgeHub.Retrieval;

/// <summary>
/// Seam for a second, costlier look at the best fused candidates (a cross-encoder where one can be had; here a second
/// encoder by default, <see cref="Rescoring.EncoderRescorer"/>, or the sentence-level <see cref="Rescoring.SentenceRescorer"/>). <see cref="HybridRetriever"/> fetches at least
/// <see cref="Depth"/> hybrid candidates, hands them over best first, and keeps the first <c>top</c> of the answer.
/// </summary>
public interface IRescorer
{
    /// <summary>How many fused candidates are re-scored; those below keep their order after them.</summary>
    int Depth { get; }

    /// <returns>The same hits, re-ordered best first; scores are comparable within this list only.</returns>
    Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken);

    /// <summary>How many candidates a search in <paramref name="collection"/> re-scores; 0: none (that collection keeps the fused order).</summary>
    int DepthFor(string? collection) => Depth;

    /// <summary><see cref="RescoreAsync(string, float[], IReadOnlyList{SearchHit}, CancellationToken)"/> for a search in <paramref name="collection"/>.</summary>
    Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, string? collection, CancellationToken cancellationToken) =>
        RescoreAsync(query, queryVector, candidates, cancellationToken);
}
