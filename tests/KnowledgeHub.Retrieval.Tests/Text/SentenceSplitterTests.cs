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

    [Fact]
    public void A_header_block_of_url_and_label_lines_splits_into_one_sentence_per_field()
    {
        const string text = "Genome of a French Bovine coronavirus Strain\nhttps://example.org/PMC5477389/\nAuthors: Kin, Nathalie; Guerard, Pauline\n"
            + "Date: 2017-05-25\nAbstract: We sequenced the first genome. Text: Members of the family are enveloped.";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal(
            [
                "Genome of a French Bovine coronavirus Strain", "https://example.org/PMC5477389/", "Authors: Kin, Nathalie; Guerard, Pauline",
                "Date: 2017-05-25", "Abstract: We sequenced the first genome.", "Text: Members of the family are enveloped.",
            ],
            sentences);
    }

    [Fact]
    public void A_hard_wrapped_sentence_stays_one_sentence()
    {
        const string text = "The main cause of\nHIV-1 infection in children is transmission from mother to child, as Table 2:\nshows in detail.";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal([text], sentences);
    }
}
