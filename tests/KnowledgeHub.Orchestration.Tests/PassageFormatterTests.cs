using KnowledgeHub.Orchestration.Prompts;
using KnowledgeHub.Orchestration.Tests.TestDoubles;

namespace KnowledgeHub.Orchestration.Tests;

public sealed class PassageFormatterTests
{
    [Fact]
    public void A_passage_with_context_is_labelled_and_every_part_is_fenced()
    {
        var text = PassageFormatter.Format(Passages.Hits("matched text"), [new PassageContext("before \"\"\" text", "after text")]);

        Assert.Equal(
            "[1] (doc1.txt, page 1)\nContext before:\n\"\"\"\nbefore ''' text\n\"\"\"\nPassage:\n\"\"\"\nmatched text\n\"\"\"\nContext after:\n\"\"\"\nafter text\n\"\"\"",
            text);
    }

    [Fact]
    public void A_passage_without_context_renders_as_before()
    {
        var hits = Passages.Hits("one", "two");

        Assert.Equal(PassageFormatter.Format(hits), PassageFormatter.Format(hits, [PassageContext.None, PassageContext.None]));
        Assert.DoesNotContain(PassageFormatter.PassageLabel, PassageFormatter.Format(hits), StringComparison.Ordinal);
    }

    [Fact]
    public void Contexts_must_match_the_passages_one_to_one()
    {
        Assert.Throws<ArgumentException>(() => PassageFormatter.Format(Passages.Hits("one", "two"), [PassageContext.None]));
    }
}
