using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Tests.Fusion;

public class WeightedScoreFusionTests
{
    [Fact]
    public void Scores_are_min_max_normalised_per_list_then_weighted()
    {
        IReadOnlyList<ScoredId> keyword = [new("a", 10.0), new("b", 6.0), new("c", 2.0)];
        IReadOnlyList<ScoredId> dense = [new("c", 0.9), new("a", 0.5), new("d", 0.1)];

        var fused = new WeightedScoreFusion(0.3, 0.7).Fuse([keyword, dense], top: 10);

        // keyword normalised: a = (10-2)/8 = 1, b = (6-2)/8 = 0.5, c = 0
        // dense normalised:   c = (0.9-0.1)/0.8 = 1, a = (0.5-0.1)/0.8 = 0.5, d = 0
        // a = 0.3*1 + 0.7*0.5 = 0.65; c = 0.3*0 + 0.7*1 = 0.7; b = 0.3*0.5 = 0.15; d = 0
        Assert.Equal(["c", "a", "b", "d"], fused.Select(f => f.Id));
        Assert.Equal(0.7, fused[0].Score, 9);
        Assert.Equal(0.65, fused[1].Score, 9);
        Assert.Equal(0.15, fused[2].Score, 9);
        Assert.Equal(0.0, fused[3].Score, 9);
    }

    [Fact]
    public void A_list_whose_scores_are_all_equal_counts_fully_for_each_member()
    {
        IReadOnlyList<ScoredId> flat = [new("a", 3.0), new("b", 3.0)];

        var fused = new WeightedScoreFusion(1.0).Fuse([flat], top: 10);

        Assert.All(fused, f => Assert.Equal(1.0, f.Score, 9));
    }

    [Fact]
    public void A_weight_per_list_is_required()
    {
        Assert.Throws<ArgumentException>(() => new WeightedScoreFusion(0.5, 0.5).Fuse([[]], top: 1));
        Assert.Throws<ArgumentException>(() => new WeightedScoreFusion(-1.0));
    }
}
