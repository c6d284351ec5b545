using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Orchestration.Text;

namespace KnowledgeHub.Orchestration.Tests.Text;

public sealed class PassageSegmenterTests
{
    [Fact]
    public void Heading_lines_at_the_chunk_start_are_headings_and_the_text_after_them_is_sentences()
    {
        const string text = "3 Methods\n3.2 Data collection\nWe sampled 40 wells. Each was tested twice.";

        var segments = Describe(text, "3 Methods > 3.2 Data collection");

        Assert.Equal(
            [
                ("3 Methods", SentenceKind.Heading), ("3.2 Data collection", SentenceKind.Heading),
                ("We sampled 40 wells.", SentenceKind.Sentence), ("Each was tested twice.", SentenceKind.Sentence),
            ],
            segments);
    }

    [Fact]
    public void A_short_unpunctuated_first_line_is_a_heading_even_outside_the_heading_path()
    {
        var segments = Describe("Overview of the results\nThe yield rose by a third.", headingPath: null);

        Assert.Equal([("Overview of the results", SentenceKind.Heading), ("The yield rose by a third.", SentenceKind.Sentence)], segments);
    }

    [Theory]
    [InlineData("Table 1: EU Countries Information")]
    [InlineData("Figure 2 Yield by region")]
    [InlineData("表 3 各省人口")]
    public void A_table_or_figure_caption_at_the_chunk_start_is_a_sentence_not_a_heading(string caption)
    {
        var text = $"{caption}\nCountry | Capital\nAustria | Vienna";

        var segments = Describe(text, "Results");

        Assert.Equal((caption, SentenceKind.Sentence), segments[0]);
    }

    [Fact]
    public void Pieces_of_hard_wrapped_running_text_are_fragments()
    {
        var segments = Describe(
            "Age-specific death rates were highest in winter.\nIn contrast, age-specific death rates in the\nvery young and the very old exhibited mortality peaks,\nwhich the model reproduced.",
            headingPath: null);

        Assert.Equal(
            [
                ("Age-specific death rates were highest in winter.", SentenceKind.Sentence),
                ("In contrast, age-specific death rates in the", SentenceKind.Fragment),
                ("very young and the very old exhibited mortality peaks,", SentenceKind.Fragment),
                ("which the model reproduced.", SentenceKind.Fragment),
            ],
            segments);
    }

    [Fact]
    public void A_short_unpunctuated_line_after_running_text_is_not_a_heading()
    {
        var segments = Describe("The yield rose by a third.\nSee the table below for details", headingPath: null);

        Assert.Equal([("The yield rose by a third.", SentenceKind.Sentence), ("See the table below for details", SentenceKind.Sentence)], segments);
    }

    [Fact]
    public void The_first_line_of_a_run_of_table_lines_is_the_header_and_each_further_line_a_row_of_it()
    {
        const string text = "Populations\nCity | Population | Region\nLyon | 516000 | Auvergne\n| 12 | empty first cell\nAfter the table. Text goes on.";

        var segments = PassageSegmenter.Segment(text, "Populations");

        Assert.Equal(
            [SentenceKind.Heading, SentenceKind.TableHeader, SentenceKind.TableRow, SentenceKind.TableRow, SentenceKind.Sentence, SentenceKind.Sentence],
            segments.Select(s => s.Kind));
        var header = segments[1].Span;
        Assert.Equal("City | Population | Region", header.Of(text));
        Assert.All(segments.Where(s => s.Kind == SentenceKind.TableRow), row => Assert.Equal(header, row.Header));
        Assert.Equal("Lyon | 516000 | Auvergne", segments[2].Span.Of(text));
    }

    [Fact]
    public void A_table_row_stays_one_piece_even_when_a_cell_holds_two_sentences()
    {
        const string text = "Item | Note\nPump | Replaced. Works now.";

        var segments = Describe(text, headingPath: null);

        Assert.Equal([("Item | Note", SentenceKind.TableHeader), ("Pump | Replaced. Works now.", SentenceKind.TableRow)], segments);
    }

    [Theory]
    [InlineData("0 10 20 30 40")]
    [InlineData("Time (s) 0 5 10 15 20")]
    [InlineData("Figure 3")]
    [InlineData("x 0.5 1.0 1.5 y")]
    public void Plot_tick_labels_and_lines_with_too_few_words_are_fragments(string line)
    {
        var text = $"The voltage rose steadily over the run.\n{line}\nIt then fell back.";

        var segments = Describe(text, headingPath: null);

        Assert.Equal((line, SentenceKind.Fragment), segments[1]);
        Assert.Equal(SentenceKind.Sentence, segments[0].Kind);
        Assert.Equal(SentenceKind.Sentence, segments[2].Kind);
    }

    [Fact]
    public void A_sentence_full_of_numbers_is_not_a_fragment_when_it_ends_like_a_sentence()
    {
        var segments = Describe("The intro ended.\nValues were 1, 2, 3, 4 and 5.", headingPath: null);

        Assert.Equal(("Values were 1, 2, 3, 4 and 5.", SentenceKind.Sentence), segments[1]);
    }

    [Fact]
    public void Chinese_sentences_split_on_full_width_ends_and_a_short_Chinese_title_is_a_heading()
    {
        var segments = Describe("第一章 总则\n检索增强生成可以回答问题。向量数据库存储向量。", "第一章 总则");

        Assert.Equal(
            [("第一章 总则", SentenceKind.Heading), ("检索增强生成可以回答问题。", SentenceKind.Sentence), ("向量数据库存储向量。", SentenceKind.Sentence)],
            segments);
    }

    [Fact]
    public void A_chunk_that_is_nothing_but_headings_has_no_passage_sentences()
    {
        var chunk = Passages.Chunk("doc1", "Annual report\n2 Finances") with { HeadingPath = "Annual report > 2 Finances" };

        Assert.Empty(PassageSentence.Of(1, chunk));
    }

    [Fact]
    public void A_table_row_passage_sentence_shares_its_header_terms_and_the_header_alone_is_not_one()
    {
        var chunk = Passages.Chunk("doc1", "City | Population\nLyon | 516000\nNice | 342000");

        var sentences = PassageSentence.Of(1, chunk).ToList();

        Assert.Equal(["Lyon | 516000", "Nice | 342000"], sentences.Select(s => s.Text));
        Assert.Contains("population", sentences[0].Terms);
        Assert.Contains("lyon", sentences[0].Terms);
    }

    private static List<(string Text, SentenceKind Kind)> Describe(string text, string? headingPath) =>
        [.. PassageSegmenter.Segment(text, headingPath).Select(s => (s.Span.Of(text), s.Kind))];
}
