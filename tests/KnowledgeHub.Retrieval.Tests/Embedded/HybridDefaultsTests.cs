using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public sealed class HybridDefaultsTests
{
    [Fact]
    public void An_index_fuses_by_z_score_with_dense_feedback_unless_told_otherwise()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);

        Assert.IsType<ZScoreFusion>(index.Fusion);
        Assert.Equal([1.0, 1.0], ((ZScoreFusion)index.Fusion).Weights);
        Assert.Equal(DenseFeedback.Default, index.Feedback);
    }

    [Fact]
    public async Task Dense_feedback_moves_the_query_towards_its_top_chunks()
    {
        // Cosines to the query: a 0.816, b 0.707, c 0.577. With a's vector added the query becomes
        // (0.674, 0.674, 0.303, 0): c 0.797 now beats b 0.674.
        IndexedChunk[] chunks =
        [
            Make("a", 0, "alpha", Unit(1, 1, 1, 0)),
            Make("b", 0, "beta", Unit(1, 0, 0, 0)),
            Make("c", 0, "gamma", Unit(0.5f, 0.5f, 1, 0)),
        ];
        var query = new SearchRequest("unmatched", Unit(1, 1, 0, 0), SearchFilter.ForTenant("t1"), 10, SearchMode.Hybrid);
        using var plain = EmbeddedIndex.Open(null, ModelId, Dimensions, feedback: DenseFeedback.None);
        using var withFeedback = EmbeddedIndex.Open(null, ModelId, Dimensions, feedback: new DenseFeedback(1));
        await plain.UpsertAsync(chunks);
        await withFeedback.UpsertAsync(chunks);

        var before = await plain.SearchAsync(query);
        var after = await withFeedback.SearchAsync(query);

        Assert.Equal(["a", "b", "c"], before.Select(h => h.Chunk.DocumentId));
        Assert.Equal(["a", "c", "b"], after.Select(h => h.Chunk.DocumentId));
    }

    [Fact]
    public void Rocchio_adds_the_mean_feedback_vector_and_renormalises()
    {
        var moved = DenseFeedback.Rocchio([1, 0], [[0, 1], [0, 1]]);

        Assert.Equal(1 / MathF.Sqrt(2), moved[0], 6);
        Assert.Equal(1 / MathF.Sqrt(2), moved[1], 6);
        Assert.Equal([1f, 0f], DenseFeedback.Rocchio([1, 0], []));
    }
}
