using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Tests.Fusion;

public class ReciprocalRankFusionTests
{
    [Fact]
    public void Fused_scores_are_sums_of_reciprocal_ranks_with_k_60()
    {
        IReadOnlyList<ScoredId> keyword = [new("a", 12.0), new("b", 9.0), new("c", 1.0)];
        IReadOnlyList<ScoredId> dense = [new("c", 0.9), new("a", 0.8), new("d", 0.1)];

        var fused = new ReciprocalRankFusion().Fuse([keyword, dense], top: 10);

        // a: 1/(60+1) + 1/(60+2) = 0.016393 + 0.016129 = 0.032522
        // c: 1/(60+3) + 1/(60+1) = 0.015873 + 0.016393 = 0.032266
        // b: 1/(60+2)            = 0.016129
        // d: 1/(60+3)            = 0.015873
        Assert.Equal(["a", "c", "b", "d"], fused.Select(f => f.Id));
        Assert.Equal((1.0 / 61) + (1.0 / 62), fused[0].Score, 12);
        Assert.Equal((1.0 / 63) + (1.0 / 61), fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
        Assert.Equal(1.0 / 63, fused[3].Score, 12);
    }

    [Fact]
    public void Only_the_requested_number_of_candidates_is_returned()
    {
        IReadOnlyList<ScoredId> list = [new("a", 3), new("b", 2), new("c", 1)];

        var fused = new ReciprocalRankFusion().Fuse([list], top: 2);

        Assert.Equal(["a", "b"], fused.Select(f => f.Id));
    }

    [Fact]
    public void Equal_fused_scores_prefer_the_better_single_rank_then_the_smaller_id()
    {
        // x and y both get 1/61 + 1/62; ties between lists are resolved deterministically.
        IReadOnlyList<ScoredId> first = [new("y", 1), new("x", 0.5)];
        IReadOnlyList<ScoredId> second = [new("x", 1), new("y", 0.5)];

        var fused = new ReciprocalRankFusion().Fuse([first, second], top: 2);

        Assert.Equal(["x", "y"], fused.Select(f => f.Id));
    }

    [Fact]
    public void Empty_lists_fuse_to_nothing()
    {
        Assert.Empty(new ReciprocalRankFusion().Fuse([[], []], top: 10));
    }

    [Fact]
    public void Weights_multiply_each_lists_contributions()
    {
        IReadOnlyList<ScoredId> first = [new("a", 1), new("b", 0.5)];
        IReadOnlyList<ScoredId> second = [new("b", 1), new("a", 0.5)];

        var fused = new ReciprocalRankFusion(k: 0, 2, 1).Fuse([first, second], top: 2);

        // a: 2/1 + 1/2 = 2.5; b: 2/2 + 1/1 = 2 (unweighted they would tie).
        Assert.Equal(["a", "b"], fused.Select(f => f.Id));
        Assert.Equal(2.5, fused[0].Score, 12);
        Assert.Equal(2.0, fused[1].Score, 12);
    }
}
