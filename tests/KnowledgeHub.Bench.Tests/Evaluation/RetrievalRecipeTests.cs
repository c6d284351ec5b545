using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Bench.Tests.Evaluation;

public class RetrievalRecipeTests
{
    [Fact]
    public void A_fusion_spec_names_method_parameter_weights_and_depth()
    {
        var recipe = RetrievalRecipe.Parse("rrf20:bm25*0.5+dense@100");

        Assert.Equal("rrf20:bm25*0.5+dense@100", recipe.Name);
        Assert.Equal("rrf", recipe.Method);
        Assert.Equal(20, recipe.RrfK);
        Assert.Equal([new RecipeMember("bm25", 0.5), new RecipeMember("dense", 1)], recipe.Members);
        Assert.Equal(100, recipe.Depth);
        Assert.True(recipe.IsFusion);
    }

    [Fact]
    public void A_bare_signal_is_its_own_ranking()
    {
        var recipe = RetrievalRecipe.Parse("bm25-prf");

        Assert.False(recipe.IsFusion);
        Assert.Equal(["b", "a"], recipe.Fuse([[new ScoredId("b", 2), new ScoredId("a", 1)]], top: 10));
    }

    [Fact]
    public void A_rescore_spec_appends_the_rescoring_signal_to_its_base_recipe()
    {
        var recipe = RetrievalRecipe.Parse("rescore30:dense-sent*0.5:zsum:bm25+dense-prf");

        Assert.Equal("rescore", recipe.Method);
        Assert.Equal(30, recipe.RescoreDepth);
        Assert.Equal("zsum:bm25+dense-prf", recipe.Base!.Name);
        Assert.Equal([new RecipeMember("bm25", 1), new RecipeMember("dense-prf", 1), new RecipeMember("dense-sent", 0.5)], recipe.Members);
    }

    [Theory]
    [InlineData(2.0, new[] { "b", "a", "c", "d" })]
    [InlineData(0.5, new[] { "a", "b", "c", "d" })]
    public void Rescoring_reorders_only_the_head_by_standardised_base_and_signal_scores(double weight, string[] expected)
    {
        var recipe = RetrievalRecipe.Parse(FormattableString.Invariant($"rescore2:dense-sent*{weight}:bm25"));
        IReadOnlyList<ScoredId> keyword = [new("a", 3), new("b", 2), new("c", 1), new("d", 0.5)];
        // c has the best sentence, but it is outside the re-scored head of two.
        IReadOnlyList<ScoredId> sentences = [new("c", 0.95), new("b", 0.9), new("a", 0.1)];

        Assert.Equal(expected, recipe.Fuse([keyword, sentences], top: 10));
    }

    [Theory]
    [InlineData("rescore50:dense-sent")]
    [InlineData("rescore0:dense-sent:bm25")]
    [InlineData("rescore50:dense-sent*x:bm25")]
    [InlineData("vote:bm25+dense")]
    [InlineData("rrf:bm25")]
    [InlineData("rrf0x:bm25+dense")]
    [InlineData("wsum:bm25*-1+dense")]
    [InlineData("zsum:bm25+dense@0")]
    public void Malformed_specs_are_refused(string spec)
    {
        Assert.Throws<FormatException>(() => RetrievalRecipe.Parse(spec));
    }

    [Fact]
    public void Depth_keeps_only_the_top_of_each_input_before_fusing()
    {
        IReadOnlyList<ScoredId> keyword = [new("a", 2), new("b", 1)];
        IReadOnlyList<ScoredId> dense = [new("c", 0.9), new("b", 0.8)];

        var fused = RetrievalRecipe.Parse("rrf60:bm25+dense@1").Fuse([keyword, dense], top: 10);

        Assert.Equal(["a", "c"], fused.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Adaptive_z_sum_trusts_the_list_whose_best_candidate_stands_out_more()
    {
        // The keyword list's best (d) stands further above its list than the dense list's best (b) does.
        IReadOnlyList<ScoredId> keyword = [new("d", 8), new("c", 5), new("a", 3), new("b", 1)];
        IReadOnlyList<ScoredId> dense = [new("b", 6), new("a", 5), new("c", 2), new("d", 1)];

        var equal = RetrievalRecipe.Parse("zsum:bm25+dense").Fuse([keyword, dense], top: 4);
        var adaptive = RetrievalRecipe.Parse("azsum:bm25+dense").Fuse([keyword, dense], top: 4);

        Assert.Equal("a", equal[0]);
        Assert.Equal("d", adaptive[0]);
    }

    [Fact]
    public void The_default_hybrid_is_a_valid_recipe()
    {
        Assert.True(RetrievalRecipe.Parse(RetrievalRecipe.DefaultHybrid).IsFusion);
    }
}
