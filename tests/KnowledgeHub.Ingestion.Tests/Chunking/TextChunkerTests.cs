using System.ComponentModel.DataAnnotations;
using System.Globalization;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Chunking;

public class TextChunkerTests
{
    [Fact]
    public void No_chunk_exceeds_max_tokens_and_token_counts_are_the_counters()
    {
        var chunks = Chunker(maxTokens: 40, overlapTokens: 10).Chunk(MixedDocument());

        Assert.NotEmpty(chunks);
        Assert.All(chunks, c =>
        {
            Assert.InRange(TestTokens.Count(c.Text), 1, 40);
            Assert.Equal(TestTokens.Count(c.Text), c.TokenCount);
        });
    }

    [Fact]
    public void Every_sentence_of_the_input_appears_whole_in_some_chunk()
    {
        var sentences = Enumerable.Range(1, 60).Select(Sentence).ToList();
        var document = new ParsedDocument([.. sentences.Chunk(5).Select(p => new ParsedBlock(string.Join(" ", p)))]);

        var chunks = Chunker(maxTokens: 48, overlapTokens: 0).Chunk(document);

        Assert.True(chunks.Count > 3);
        Assert.All(sentences, s => Assert.Contains(chunks, c => c.Text.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public void Chunks_never_span_pages()
    {
        var blocks = Enumerable.Range(1, 4)
            .SelectMany(page => Enumerable.Range(1, 7).Select(i => new ParsedBlock($"Page {page} states fact number {i} about pumps.", Page: page)))
            .ToList();

        var chunks = Chunker(maxTokens: 64, overlapTokens: 16).Chunk(new ParsedDocument(blocks, PageCount: 4));

        Assert.Equal([1, 2, 3, 4], chunks.Select(c => c.Page!.Value).Distinct());
        Assert.All(chunks, c => Assert.DoesNotMatch($"Page (?!{c.Page} )\\d", c.Text));
    }

    [Fact]
    public void Chunks_never_span_sections_and_carry_their_heading_path()
    {
        var document = new ParsedDocument(
        [
            new ParsedBlock("Setup", BlockKind.Heading, HeadingPath: "Setup"),
            new ParsedBlock("Install the service first.", HeadingPath: "Setup"),
            new ParsedBlock("Usage", BlockKind.Heading, HeadingPath: "Usage"),
            new ParsedBlock("Ask a question.", HeadingPath: "Usage"),
        ]);

        var chunks = Chunker(maxTokens: 256, overlapTokens: 32).Chunk(document);

        Assert.Equal(["Setup\nInstall the service first.", "Usage\nAsk a question."], chunks.Select(c => c.Text));
        Assert.Equal(["Setup", "Usage"], chunks.Select(c => c.HeadingPath));
    }

    [Fact]
    public void Heading_starts_a_new_chunk_and_leads_it()
    {
        var document = new ParsedDocument(
        [
            new ParsedBlock("Intro text comes first."),
            new ParsedBlock("Details", BlockKind.Heading),
            new ParsedBlock("The details follow here."),
        ]);

        var chunks = Chunker(maxTokens: 256, overlapTokens: 32).Chunk(document);

        Assert.Equal(["Intro text comes first.", "Details\nThe details follow here."], chunks.Select(c => c.Text));
    }

    [Fact]
    public void Heading_followed_by_a_subheading_is_not_a_chunk_of_its_own()
    {
        var document = new ParsedDocument(
        [
            new ParsedBlock("Chapter 1", BlockKind.Heading, Page: 1, HeadingPath: "Chapter 1"),
            new ParsedBlock("Scope", BlockKind.Heading, Page: 1, HeadingPath: "Chapter 1 > Scope"),
            new ParsedBlock("This chapter covers pumps.", Page: 1, HeadingPath: "Chapter 1 > Scope"),
        ]);

        var chunk = Assert.Single(Chunker(maxTokens: 256, overlapTokens: 32).Chunk(document));

        Assert.Equal("Chapter 1\nScope\nThis chapter covers pumps.", chunk.Text);
        Assert.Equal("Chapter 1 > Scope", chunk.HeadingPath);
    }

    [Fact]
    public void Overlap_repeats_the_previous_chunks_last_sentence()
    {
        var sentences = Enumerable.Range(1, 30).Select(Sentence).ToList();
        var document = new ParsedDocument([new ParsedBlock(string.Join(" ", sentences), Page: 1)]);

        var chunks = Chunker(maxTokens: 40, overlapTokens: 12).Chunk(document);

        Assert.True(chunks.Count > 3);
        foreach (var (previous, next) in chunks.Zip(chunks.Skip(1)))
        {
            var last = sentences.Last(s => previous.Text.EndsWith(s, StringComparison.Ordinal));
            Assert.StartsWith(last, next.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Overlap_stays_within_its_page()
    {
        var document = new ParsedDocument(
        [
            new ParsedBlock(string.Join(" ", Enumerable.Range(1, 10).Select(Sentence)), Page: 1),
            new ParsedBlock(Sentence(11), Page: 2),
        ]);

        var chunks = Chunker(maxTokens: 40, overlapTokens: 12).Chunk(document);

        Assert.Equal(Sentence(11), chunks[^1].Text);
    }

    [Fact]
    public void Ordinals_run_from_zero_in_order()
    {
        var chunks = Chunker(maxTokens: 40, overlapTokens: 10).Chunk(MixedDocument());

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public void Same_input_gives_the_same_chunks()
    {
        var first = Chunker(maxTokens: 40, overlapTokens: 10).Chunk(MixedDocument());
        var second = Chunker(maxTokens: 40, overlapTokens: 10).Chunk(MixedDocument());

        Assert.Equal(first, second);
    }

    [Fact]
    public void Abbreviations_and_decimals_do_not_end_a_sentence()
    {
        string[] sentences =
        [
            "Smith et al. (2020) measured the flow at 3.5 litres per second in every trial they ran.",
            "Fig. 3 shows the pump curve, e.g. the head against the flow, for the reference design we chose.",
            "Dr. Jones and J. R. Miller repeated it in the U.S. Army laboratory with the same equipment again.",
        ];
        var document = new ParsedDocument([new ParsedBlock(string.Join(" ", sentences))]);

        // Each sentence is about 17 tokens: two never fit together, so every boundary the splitter finds shows up as a cut.
        var chunks = Chunker(maxTokens: 32, overlapTokens: 0).Chunk(document);

        Assert.Equal(sentences, chunks.Select(c => c.Text));
    }

    [Fact]
    public void Sentence_ends_before_numbers_are_cut_points_but_numbered_abbreviations_are_not()
    {
        string[] sentences =
        [
            "The pressure was measured once per hour over a period of fourteen days in the spring.",
            "2024 was the first year in which all the pumps of the plant ran without a single failure.",
            "Part No. 5 is the seal that wears out first and should always be kept in stock at the plant.",
        ];
        var document = new ParsedDocument([new ParsedBlock(string.Join(" ", sentences))]);

        // Each sentence is about 17 tokens: two never fit together, so every boundary the splitter finds shows up as a cut.
        var chunks = Chunker(maxTokens: 32, overlapTokens: 0).Chunk(document);

        Assert.Equal(sentences, chunks.Select(c => c.Text));
    }

    [Fact]
    public void Sentence_longer_than_max_tokens_is_split_by_words()
    {
        var words = Enumerable.Range(1, 100).Select(i => $"w{i}").ToList();
        var document = new ParsedDocument([new ParsedBlock(string.Join(" ", words) + ".")]);

        var chunks = Chunker(maxTokens: 32, overlapTokens: 8).Chunk(document);

        Assert.Equal(4, chunks.Count);
        Assert.All(chunks, c => Assert.True(c.TokenCount <= 32));
        Assert.Equal(string.Join(" ", words) + ".", string.Join(" ", chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Chinese_sentence_longer_than_max_tokens_is_split_by_characters()
    {
        var sentence = string.Concat(Enumerable.Repeat("模型", 50)) + "。";
        var document = new ParsedDocument([new ParsedBlock(sentence)]);

        var chunks = Chunker(maxTokens: 32, overlapTokens: 8).Chunk(document);

        Assert.Equal(4, chunks.Count);
        Assert.All(chunks, c => Assert.True(c.TokenCount <= 32));
        Assert.Equal(sentence, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Word_longer_than_max_tokens_is_split_by_characters()
    {
        var url = "https://example.com/" + string.Concat(Enumerable.Range(0, 400).Select(i => (char)('a' + (i % 26))));
        var document = new ParsedDocument([new ParsedBlock(url)]);

        // A counter where every four characters are a token, as sub-word tokenizers roughly count unknown strings.
        var chunks = new TextChunker(t => (t.Length + 3) / 4, new ChunkingOptions { MaxTokens = 32, OverlapTokens = 0 }).Chunk(document);

        Assert.True(chunks.Count >= 4);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 32));
        Assert.Equal(url, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Chinese_sentences_are_joined_without_spaces()
    {
        var document = new ParsedDocument([new ParsedBlock("第一句话。第二句话！第三句话？")]);

        var chunk = Assert.Single(Chunker(maxTokens: 256, overlapTokens: 32).Chunk(document));

        Assert.Equal("第一句话。第二句话！第三句话？", chunk.Text);
    }

    [Fact]
    public void Chinese_sentence_ends_are_respected()
    {
        // 12 sentences of 11 tokens: a 32-token chunk holds two whole sentences, never two and a half.
        var sentences = Enumerable.Range(1, 12).Select(i => $"这是第{ToChinese(i)}个完整的句子吗" + (i % 3 == 0 ? "？" : i % 3 == 1 ? "。" : "；")).ToList();
        var document = new ParsedDocument([new ParsedBlock(string.Concat(sentences))]);

        var chunks = Chunker(maxTokens: 32, overlapTokens: 0).Chunk(document);

        Assert.All(chunks, c => Assert.Matches("^(这是第.个完整的句子吗[。；？])+$", c.Text));
        Assert.Equal(string.Concat(sentences), string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Table_that_fits_is_kept_whole()
    {
        var document = new ParsedDocument([new ParsedBlock("Name | Value\nmax | 256\noverlap | 32", BlockKind.Table)]);

        var chunk = Assert.Single(Chunker(maxTokens: 64, overlapTokens: 8).Chunk(document));

        Assert.Equal("Name | Value\nmax | 256\noverlap | 32", chunk.Text);
    }

    [Fact]
    public void Table_too_large_for_one_chunk_is_split_by_rows_repeating_the_header()
    {
        var rows = Enumerable.Range(1, 30).Select(i => $"pump-{i} | {i * 10} | litres per second").ToList();
        var document = new ParsedDocument([new ParsedBlock("Pump | Flow | Unit\n" + string.Join("\n", rows), BlockKind.Table)]);

        var chunks = Chunker(maxTokens: 40, overlapTokens: 8).Chunk(document);

        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c =>
        {
            Assert.StartsWith("Pump | Flow | Unit\n", c.Text, StringComparison.Ordinal);
            Assert.True(c.TokenCount <= 40);
        });
        Assert.Equal(rows, chunks.SelectMany(c => c.Text.Split('\n').Skip(1)));
    }

    [Fact]
    public void Options_outside_their_range_are_refused()
    {
        Assert.Throws<ValidationException>(() => Chunker(maxTokens: 8, overlapTokens: 0));
        Assert.Throws<ArgumentException>(() => Chunker(maxTokens: 64, overlapTokens: 64));
    }

    private static TextChunker Chunker(int maxTokens, int overlapTokens) =>
        new(TestTokens.Count, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens });

    private static string Sentence(int i) => $"Sentence number {i} describes one property of the pump.";

    private static ParsedDocument MixedDocument() => new(
    [
        new ParsedBlock("Pumps", BlockKind.Heading, Page: 1, HeadingPath: "Pumps"),
        new ParsedBlock(string.Join(" ", Enumerable.Range(1, 12).Select(Sentence)), Page: 1, HeadingPath: "Pumps"),
        new ParsedBlock(string.Join(" ", Enumerable.Range(1, 70).Select(i => $"word{i}")) + ".", Page: 1, HeadingPath: "Pumps"),
        new ParsedBlock("Model | Flow\n" + string.Join("\n", Enumerable.Range(1, 20).Select(i => $"P{i} | {i}")), BlockKind.Table, Page: 2, HeadingPath: "Pumps"),
        new ParsedBlock("泵的流量取决于转速。扬程取决于叶轮直径！" + string.Concat(Enumerable.Repeat("很长的句子", 20)) + "。", Page: 2, HeadingPath: "Pumps"),
    ], PageCount: 2);

    private static string ToChinese(int i) => "零一二三四五六七八九十"[i % 10].ToString(CultureInfo.InvariantCulture);
}
