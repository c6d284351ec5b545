using System.Text.RegularExpressions;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Chunking;

public partial class ChineseArticleChunkingTests
{
    private const int MaxTokens = 128;

    [SharedDataFact]
    public async Task Chinese_article_chunks_into_several_bounded_chunks_without_cutting_sentences()
    {
        var path = Directory.GetFiles(SharedData.PathTo("documents", "zh"), "*.txt").Order(StringComparer.Ordinal).First();
        await using var stream = File.OpenRead(path);
        var document = await new PlainTextParser().ParseAsync(stream, Path.GetFileName(path));

        var chunks = new TextChunker(TestTokens.Count, new ChunkingOptions { MaxTokens = MaxTokens, OverlapTokens = 24 }).Chunk(document);

        Assert.True(chunks.Count >= 10, $"only {chunks.Count} chunks");
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, MaxTokens));

        // Every sentence short enough to fit a chunk must stand whole in one; longer ones are the only ones cut.
        var sentences = document.Blocks.SelectMany(b => SentenceEnd().Split(b.Text)).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        Assert.True(sentences.Count > 100);
        Assert.All(sentences.Where(s => TestTokens.Count(s) <= MaxTokens), s => Assert.Contains(chunks, c => c.Text.Contains(s, StringComparison.Ordinal)));
    }

    // After 。！？； (full-width or ASCII ! ?) and any closing quotes: the boundaries the chunker promises to respect.
    [GeneratedRegex("(?<=[。！？；!?][”’」』）)\"]*)")]
    private static partial Regex SentenceEnd();
}
