using KnowledgeHub.Retrieval.Text;

namespace KnowledgeHub.Retrieval.Tests.Text;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Splits_English_sentences_but_not_abbreviations_decimals_or_initials()
    {
        const string text = "Dr. Smith measured 3.5 kg, e.g. in the lab. J. Doe agreed!  Was it right? Yes.";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal(["Dr. Smith measured 3.5 kg, e.g. in the lab.", "J. Doe agreed!", "Was it right?", "Yes."], sentences);
    }

    [Fact]
    public void Splits_Chinese_sentences_on_full_width_ends()
    {
        const string text = "第一句话。第二句话！第三句话？";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal(["第一句话。", "第二句话！", "第三句话？"], sentences);
    }

    [Fact]
    public void Treats_a_blank_line_as_a_sentence_end_and_trims_white_space()
    {
        const string text = "  A heading\n\nBody text here.  ";

        var spans = SentenceSplitter.Split(text);

        Assert.Equal(["A heading", "Body text here."], spans.Select(s => s.Of(text)));
        Assert.Equal(2, spans[0].Start);
    }
}
