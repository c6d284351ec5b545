using KnowledgeHub.Orchestration.Citations;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

public sealed class CitationNumberingTests
{
    [Fact]
    public void Citations_are_renumbered_in_the_order_the_text_first_uses_them()
    {
        var grounded = new GroundedText(
            "Berlin is the capital [4]. Paris is larger [2][4]. Rome is older [2].",
            [Cite(2, "Paris"), Cite(4, "Berlin")],
            Found: true,
            Grounded: true,
            Sentences: [new SentenceSupport("Berlin is the capital.", [4], 1, true), new SentenceSupport("Paris is larger.", [2, 4], 1, true, CitedAs: [3])]);

        var renumbered = CitationNumbering.InFirstUseOrder(grounded);

        Assert.Equal("Berlin is the capital [1]. Paris is larger [2][1]. Rome is older [2].", renumbered.Text);
        Assert.Equal([(1, "Berlin"), (2, "Paris")], renumbered.Citations.Select(c => (c.Number, c.Quote)));
        Assert.Equal([1], renumbered.Sentences![0].Citations);
        Assert.Equal([2, 1], renumbered.Sentences[1].Citations);
        Assert.Empty(renumbered.Sentences[1].CitedAs!); // passage 3 is cited by no kept sentence: it has no number in the answer
    }

    [Fact]
    public void Bracketed_numbers_that_name_no_citation_stay_text()
    {
        var grounded = new GroundedText("As reported before [47], Berlin is the capital [3].", [Cite(3, "Berlin")], Found: true);

        var renumbered = CitationNumbering.InFirstUseOrder(grounded);

        Assert.Equal("As reported before [47], Berlin is the capital [1].", renumbered.Text);
    }

    private static Citation Cite(int number, string quote) => new(number, $"c{number}", $"d{number}", $"f{number}.txt", null, 0, quote.Length, quote);
}
