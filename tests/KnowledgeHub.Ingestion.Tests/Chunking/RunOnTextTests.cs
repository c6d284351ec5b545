using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Chunking;

/// <summary>
/// Text without a sentence end (a single-line page, a log dump) is cut between words by summing each word's count once;
/// the cut stays within the budget even for a tokenizer whose counts do not add up, and no word is lost or repeated.
/// </summary>
public sealed class RunOnTextTests
{
    private static readonly string[] Words = [.. Enumerable.Range(0, 20_000).Select(i => $"word{i % 977}")];

    [Fact]
    public void A_run_on_paragraph_is_cut_between_words_with_every_word_kept_once_in_order()
    {
        var calls = 0;
        var chunker = new TextChunker(
            t =>
            {
                calls++;
                return t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            },
            new ChunkingOptions { MaxTokens = 100, OverlapTokens = 0 });

        var chunks = chunker.Chunk(new ParsedDocument([new ParsedBlock(string.Join(' ', Words))]));

        Assert.Equal(Words, chunks.SelectMany(c => c.Text.Split(' ')));
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 100));

        // A count per word and a few per chunk; re-counting the growing fragment at every word would be ~50 per word.
        Assert.InRange(calls, Words.Length, Words.Length * 3);
    }

    [Fact]
    public void A_tokenizer_whose_counts_do_not_add_up_still_gets_chunks_within_the_budget()
    {
        // Counts a joined text as more than its words (one extra token per space), like a tokenizer that keeps spaces.
        static int Count(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + text.Count(c => c == ' ');
        var chunker = new TextChunker(Count, new ChunkingOptions { MaxTokens = 100, OverlapTokens = 0 });

        var chunks = chunker.Chunk(new ParsedDocument([new ParsedBlock(string.Join(' ', Words[..3000]))]));

        Assert.Equal(Words[..3000], chunks.SelectMany(c => c.Text.Split(' ')));
        Assert.All(chunks, c => Assert.True(Count(c.Text) <= 100, $"{Count(c.Text)} tokens: {c.Text[..40]}…"));
    }
}
