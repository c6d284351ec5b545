using KnowledgeHub.Orchestration.Grounding;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

public sealed class AnswerSentencesTests
{
    [Fact]
    public void A_quote_without_a_full_stop_does_not_run_into_the_next_quote()
    {
        var parsed = AnswerSentences.Parse("The library opens at 9 am. long [1] Recent studies showed a rise in visits. [2]", passageCount: 2);

        Assert.Equal(["The library opens at 9 am. long", "Recent studies showed a rise in visits."], parsed.Sentences.Select(s => s.Text));
        Assert.Equal([[1], [2]], parsed.Sentences.Select(s => s.Cited));
    }

    [Fact]
    public void A_marker_inside_a_sentence_does_not_split_it()
    {
        var parsed = AnswerSentences.Parse("Paris is large [1] and Berlin is green [2].", passageCount: 2);

        var sentence = Assert.Single(parsed.Sentences);
        Assert.Equal([1, 2], sentence.Cited);
    }
}
