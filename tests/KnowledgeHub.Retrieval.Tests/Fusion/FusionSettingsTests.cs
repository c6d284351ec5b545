using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using Microsoft.Extensions.Options;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Fusion;

public sealed class FusionSettingsTests
{
    // By keyword "alpha" ranks a (the term three times), then b, then d (longer); by vector c is nearest, then b.
    // Only the top two are asserted: a chunk missing from one list ties with that list's last.
    private static readonly IndexedChunk[] Chunks =
    [
        Make("a", 0, "alpha alpha alpha", Unit(0, 0, 1, 0)),
        Make("b", 0, "alpha beta gamma delta", Unit(1, 1, 0, 0)),
        Make("c", 0, "omega", Unit(1, 0, 0, 0)),
        Make("d", 0, "alpha beta gamma delta epsilon zeta eta theta iota kappa", Unit(0, 0, 0, 1)),
    ];

    private static readonly float[] Query = Unit(1, 0.1f, 0, 0);

    [Fact]
    public async Task A_request_with_only_keyword_weight_ranks_hybrid_results_in_keyword_order()
    {
        using var index = await IndexAsync();

        var hits = await index.SearchAsync(Hybrid(new FusionSettings { DenseWeight = 0, DenseFeedbackChunks = 0 }));

        Assert.Equal(["a", "b"], hits.Take(2).Select(h => h.Chunk.DocumentId));
    }

    [Fact]
    public async Task A_request_with_only_dense_weight_ranks_hybrid_results_in_dense_order()
    {
        using var index = await IndexAsync();

        var hits = await index.SearchAsync(Hybrid(new FusionSettings { KeywordWeight = 0, DenseFeedbackChunks = 0 }));

        Assert.Equal(["c", "b"], hits.Take(2).Select(h => h.Chunk.DocumentId));
    }

    [Fact]
    public async Task A_request_without_fusion_settings_uses_the_index_defaults()
    {
        using var index = await IndexAsync();
        using var keywordOnly = EmbeddedIndex.Open(null, ModelId, Dimensions, fusion: new ZScoreFusion(1, 0), feedback: DenseFeedback.None);
        await keywordOnly.UpsertAsync(Chunks);

        var defaults = await index.SearchAsync(Hybrid(null));
        var explicitDefaults = await index.SearchAsync(Hybrid(new FusionSettings()));
        var own = await keywordOnly.SearchAsync(Hybrid(null));

        Assert.Equal(defaults.Select(h => (h.Chunk.Id, h.Score)), explicitDefaults.Select(h => (h.Chunk.Id, h.Score)));
        Assert.Equal(["a", "b"], own.Take(2).Select(h => h.Chunk.DocumentId));
    }

    [Fact]
    public void Rrf_settings_build_a_weighted_reciprocal_rank_fusion_and_zscore_a_z_score_fusion()
    {
        var rrf = new FusionSettings { Method = "rrf", RrfK = 20, KeywordWeight = 2, DenseWeight = 0.5 }.ToRankFusion();
        var zscore = new FusionSettings { KeywordWeight = 0.7, DenseWeight = 0.3 }.ToRankFusion();

        // Keyword list [x, y], dense list [y]: rrf 20 scores x 2/21, y 2/22 + 0.5/21.
        var fused = rrf.Fuse([[new ScoredId("x", 9), new ScoredId("y", 8)], [new ScoredId("y", 0.9)]], 2);
        Assert.Equal(["y", "x"], fused.Select(f => f.Id));
        Assert.Equal((2.0 / 22) + (0.5 / 21), fused[0].Score, 12);
        Assert.Equal([0.7, 0.3], Assert.IsType<ZScoreFusion>(zscore).Weights);
    }

    [Fact]
    public void A_collection_entry_replaces_the_defaults_only_for_that_collection()
    {
        var options = new FusionOptions { KeywordWeight = 1 };
        options.Collections["covidqa"] = new FusionSettings { KeywordWeight = 3, DenseFeedbackChunks = 0 };

        Assert.Equal(3, options.For("covidqa").KeywordWeight);
        Assert.Equal(0, options.For("covidqa").DenseFeedbackChunks);
        Assert.Same(options, options.For("manuals"));
        Assert.Same(options, options.For(null));
    }

    [Fact]
    public void Validation_names_the_collection_entry_that_is_wrong()
    {
        var options = new FusionOptions();
        options.Collections["good"] = new FusionSettings { Method = "rrf" };
        options.Collections["bad"] = new FusionSettings { Method = "max", KeywordWeight = 0, DenseWeight = 0 };
        var validator = new FusionServiceCollectionExtensions.FusionOptionsValidator();

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("KnowledgeHub:Retrieval:Fusion:Collections:bad:", StringComparison.Ordinal) && f.Contains("'zscore' or 'rrf'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f == "KnowledgeHub:Retrieval:Fusion:Collections:bad: KeywordWeight and DenseWeight cannot both be 0.");
        Assert.DoesNotContain(result.Failures!, f => f.Contains(":good", StringComparison.Ordinal));
        Assert.True(validator.Validate(null, new FusionOptions()).Succeeded);
    }

    private static SearchRequest Hybrid(FusionSettings? fusion) =>
        new("alpha", Query, SearchFilter.ForTenant("t1"), 10, SearchMode.Hybrid) { Fusion = fusion };

    private static async Task<EmbeddedIndex> IndexAsync()
    {
        var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        await index.UpsertAsync(Chunks);
        return index;
    }
}
