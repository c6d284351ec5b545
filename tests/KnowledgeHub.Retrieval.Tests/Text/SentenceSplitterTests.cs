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
    public void Every_line_break_ends_a_sentence()
    {
        const string text = "3 Methods\nWe measured the flow\nCity | Population\nLyon | 516000";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal(["3 Methods", "We measured the flow", "City | Population", "Lyon | 516000"], sentences);
    }

    [Fact]
    public void A_lower_case_continuation_or_a_numbered_abbreviation_does_not_end_a_sentence()
    {
        const string text = "See No. 5 and p. 12 in Fig. 3 of the U.S. report. it goes on. Then No. more.";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal(["See No. 5 and p. 12 in Fig. 3 of the U.S. report. it goes on.", "Then No. more."], sentences);
    }

    [Fact]
    public void Ascii_punctuation_inside_Chinese_text_ends_a_sentence_but_a_decimal_point_does_not()
    {
        const string text = "阿里云升级!用户增长3.5倍。下一句；最后";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal(["阿里云升级!", "用户增长3.5倍。", "下一句；", "最后"], sentences);
    }

    [Fact]
    public void Closing_quotes_and_brackets_stay_with_the_sentence_they_close()
    {
        const string text = "He said \"Stop.\" Then he left (quietly.) 她说：“好。”然后走了。";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Of(text)).ToList();

        Assert.Equal(["He said \"Stop.\"", "Then he left (quietly.)", "她说：“好。”", "然后走了。"], sentences);
    }

    [Fact]
    public void Split_leaves_out_lines_without_letters_or_digits_that_SplitAll_keeps()
    {
        const string text = "First point.\n\u2022\nSecond point.";

        Assert.Equal(["First point.", "Second point."], SentenceSplitter.Split(text).Select(s => s.Of(text)));
        Assert.Equal(["First point.", "\u2022", "Second point."], SentenceSplitter.SplitAll(text).Select(s => s.Of(text)));
    }
}
