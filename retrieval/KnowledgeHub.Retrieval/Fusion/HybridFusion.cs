using KnowledgeHub.Retrieval.Embedded;

namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>
/// The hybrid step every index shares once it holds a keyword and a dense candidate list (each best first, ids
/// unique within a list): which fusion and how much dense feedback a request gets, the feedback query vector, and the
/// fused ranking. The embedded index and the Qdrant adapter both call it, so the same candidate lists rank the same
/// whichever index produced them.
/// </summary>
public static class HybridFusion
{
    /// <summary>Top dense chunks whose mean refines the query vector: the request's collection settings, else the index's default.</summary>
    public static int FeedbackChunks(SearchRequest request, DenseFeedback indexDefault)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(indexDefault);
        return request.Fusion?.DenseFeedbackChunks ?? indexDefault.Chunks;
    }

    /// <summary>
    /// The refined dense query: the query plus the mean of the vectors of the first <paramref name="chunks"/> dense
    /// candidates (<see cref="DenseFeedback.Rocchio"/>); a candidate whose vector is gone is left out.
    /// </summary>
    public static float[] FeedbackVector(float[] query, IReadOnlyList<ScoredId> dense, int chunks, Func<string, float[]?> vectorOf)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(vectorOf);
        var feedback = dense.Take(chunks).Select(c => vectorOf(c.Id)).OfType<float[]>().ToList();
        return DenseFeedback.Rocchio(query, feedback);
    }

    /// <summary>The keyword and dense lists fused by the request's method and weights (else the index's default), <see cref="SearchRequest.Top"/> long.</summary>
    public static IReadOnlyList<ScoredId> Fuse(SearchRequest request, IReadOnlyList<ScoredId> keyword, IReadOnlyList<ScoredId> dense, RankFusion indexDefault)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(indexDefault);
        return (request.Fusion?.ToRankFusion() ?? indexDefault).Fuse([keyword, dense], request.Top);
    }
}
