using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Tests.Fusion;

public class ZScoreFusionTests
{
    // Keyword z-scores: a +1.2247, b 0, c -1.2247. Dense z-scores: c +1.2247, d 0, a -1.2247.
    // A candidate missing from a list gets that list's lowest z-score (-1.2247).
    private static readonly IReadOnlyList<ScoredId> Keyword = [new("a", 3), new("b", 2), new("c", 1)];
    private static readonly IReadOnlyList<ScoredId> Dense = [new("c", 0.9), new("d", 0.5), new("a", 0.1)];

    [Fact]
    public void Equal_weights_sum_standardised_scores_and_break_ties_by_best_rank()
    {
        var fused = new ZScoreFusion(1, 1).Fuse([Keyword, Dense], top: 10);

        // a 0, c 0 (both ranked first somewhere), b -1.2247, d -1.2247.
        Assert.Equal(["a", "c", "b", "d"], fused.Select(f => f.Id));
        Assert.Equal(0.0, fused[0].Score, 9);
        Assert.Equal(-Math.Sqrt(1.5), fused[2].Score, 9);
    }

    [Fact]
    public void Weights_shift_the_ranking_towards_the_heavier_list()
    {
        var fused = new ZScoreFusion(1, 3).Fuse([Keyword, Dense], top: 10);

        // c 2.449, d -1.2247, a -2.449, b -3.674.
        Assert.Equal(["c", "d", "a", "b"], fused.Select(f => f.Id));
        Assert.Equal(2 * Math.Sqrt(1.5), fused[0].Score, 9);
    }

    [Fact]
    public void A_list_without_spread_still_credits_its_candidates()
    {
        IReadOnlyList<ScoredId> lone = [new("b", 7)];

        var fused = new ZScoreFusion(1, 1).Fuse([lone, Dense], top: 10);

        // The lone list gives b 1 and everyone else 0: c 1.2247, d 0, b 1 - 1.2247 = -0.2247, a -1.2247.
        Assert.Equal(["c", "d", "b", "a"], fused.Select(f => f.Id));
        Assert.Equal(1 - Math.Sqrt(1.5), fused[2].Score, 9);
    }

    [Fact]
    public void One_weight_is_required_per_list()
    {
        Assert.Throws<ArgumentException>(() => new ZScoreFusion(1).Fuse([Keyword, Dense], 10));
        Assert.Throws<ArgumentException>(() => new ZScoreFusion(-1, 1));
    }
}
