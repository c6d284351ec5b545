using KnowledgeHub.Retrieval.Evaluation;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Tests.Evaluation;

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

    [Theory]
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
    public void The_default_hybrid_is_a_valid_recipe()
    {
        Assert.True(RetrievalRecipe.Parse(RetrievalRecipe.DefaultHybrid).IsFusion);
    }
}
