using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Retrieval.Tests.Analysis;

public class RelevanceModelTests
{
    // Feedback weights 3/(3+1) and 1/(3+1); each text has two terms, so P(term | text) = 1/2:
    // solar 0.375, panel 0.375, wind 0.125, power 0.125.
    private static readonly (string Text, double Score)[] Feedback = [("solar panels", 3.0), ("wind power", 1.0)];

    [Fact]
    public void Expansion_interpolates_the_query_with_the_score_weighted_feedback_terms()
    {
        var weights = new RelevanceModel(FeedbackTerms: 10, OriginalQueryWeight: 0.5).Expand("solar power", Feedback);

        // Query: solar 0.5, power 0.5, halved. Model (sums to 1), halved: solar .1875, panel .1875, wind .0625, power .0625.
        Assert.Equal(0.4375, weights["solar"], 6);
        Assert.Equal(0.3125, weights["power"], 6);
        Assert.Equal(0.1875, weights["panel"], 6);
        Assert.Equal(0.0625, weights["wind"], 6);
        Assert.Equal(1.0, weights.Values.Sum(), 6);
    }

    [Fact]
    public void Only_the_strongest_feedback_terms_are_kept_and_renormalised()
    {
        var weights = new RelevanceModel(FeedbackTerms: 2, OriginalQueryWeight: 0.5).Expand("solar power", Feedback);

        // solar and panel tie at 0.375 and are kept; renormalised to 0.25 each.
        Assert.Equal(["panel", "power", "solar"], weights.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.5, weights["solar"], 6);
        Assert.Equal(0.25, weights["power"], 6);
        Assert.Equal(0.25, weights["panel"], 6);
    }

    [Fact]
    public void Numbers_and_single_letters_never_become_expansion_terms()
    {
        var weights = new RelevanceModel().Expand("energy", [("2020 x energy grid", 1.0)]);

        Assert.Equal(["energi", "grid"], weights.Keys.Order(StringComparer.Ordinal));
    }
}
