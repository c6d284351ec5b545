using KnowledgeHub.Bench.Evaluation;

namespace KnowledgeHub.Bench.Tests.Evaluation;

public class RetrievalMetricsTests
{
    // d1 is highly relevant (2), d2 and d4 relevant (1), d3 judged not relevant (0); d5, d9 unjudged.
    private static readonly Dictionary<string, int> Judgments = new()
    {
        ["d1"] = 2,
        ["d2"] = 1,
        ["d3"] = 0,
        ["d4"] = 1,
    };

    private static readonly string[] Ranked = ["d3", "d1", "d5", "d2", "d9"];

    [Fact]
    public void Ndcg_uses_linear_gain_log2_discount_and_the_ideal_order_of_the_judgments()
    {
        // DCG  = 0/log2(2) + 2/log2(3) + 0/log2(4) + 1/log2(5) + 0/log2(6)
        //      = 1.2618595 + 0.4306766 = 1.6925361
        // IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.6309298 + 0.5 = 3.1309298
        // nDCG = 1.6925361 / 3.1309298 = 0.5405858
        var expected = ((2 / Math.Log2(3)) + (1 / Math.Log2(5))) / (2 + (1 / Math.Log2(3)) + 0.5);

        Assert.Equal(expected, RetrievalMetrics.NdcgAt(10, Ranked, Judgments), 12);
        Assert.Equal(0.5405858, RetrievalMetrics.NdcgAt(10, Ranked, Judgments), 6);
    }

    [Fact]
    public void Ndcg_cut_ignores_ranks_beyond_k_and_cuts_the_ideal_at_k_too()
    {
        // @2: DCG = 2/log2(3) = 1.2618595; IDCG = 2/log2(2) + 1/log2(3) = 2.6309298
        var expected = (2 / Math.Log2(3)) / (2 + (1 / Math.Log2(3)));

        Assert.Equal(expected, RetrievalMetrics.NdcgAt(2, Ranked, Judgments), 12);
    }

    [Fact]
    public void A_perfect_ranking_scores_ndcg_one()
    {
        Assert.Equal(1.0, RetrievalMetrics.NdcgAt(10, ["d1", "d4", "d2"], Judgments), 12);
    }

    [Fact]
    public void Recall_is_the_share_of_relevant_documents_found_within_k()
    {
        // relevant: d1, d2, d4 (3); within 100: d1, d2 -> 2/3; within 3: d1 -> 1/3
        Assert.Equal(2.0 / 3, RetrievalMetrics.RecallAt(100, Ranked, Judgments), 12);
        Assert.Equal(1.0 / 3, RetrievalMetrics.RecallAt(3, Ranked, Judgments), 12);
    }

    [Fact]
    public void Mrr_is_the_reciprocal_rank_of_the_first_relevant_document_within_k()
    {
        // first relevant is d1 at rank 2 (d3 is judged 0): 1/2; nothing relevant in the first 1: 0
        Assert.Equal(0.5, RetrievalMetrics.MrrAt(10, Ranked, Judgments), 12);
        Assert.Equal(0.0, RetrievalMetrics.MrrAt(1, Ranked, Judgments), 12);
    }

    [Fact]
    public void A_query_without_relevant_judgments_scores_zero()
    {
        var none = new Dictionary<string, int> { ["d3"] = 0 };

        Assert.Equal(0.0, RetrievalMetrics.NdcgAt(10, Ranked, none));
        Assert.Equal(0.0, RetrievalMetrics.RecallAt(100, Ranked, none));
        Assert.Equal(0.0, RetrievalMetrics.MrrAt(10, Ranked, none));
    }
}
