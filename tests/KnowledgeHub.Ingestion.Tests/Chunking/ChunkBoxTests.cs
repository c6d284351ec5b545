using KnowledgeHub.Retrieval;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Chunking;

public class ChunkBoxTests
{
    private static readonly PageBox Title = new(72, 700, 300, 720);
    private static readonly PageBox First = new(72, 600, 280, 690);
    private static readonly PageBox Second = new(90, 500, 520, 590);
    private static readonly PageBox Third = new(72, 300, 500, 480);

    [Fact]
    public void Chunk_box_is_the_union_of_the_boxes_of_the_blocks_it_holds()
    {
        var document = new ParsedDocument(
        [
            new ParsedBlock("Pumps", BlockKind.Heading, 1, "Pumps", Title),
            new ParsedBlock("The pump moves water.", Page: 1, HeadingPath: "Pumps", Box: First),
            new ParsedBlock("It runs on mains power.", Page: 1, HeadingPath: "Pumps", Box: Second),
        ]);

        var chunk = Assert.Single(Chunker(maxTokens: 64).Chunk(document));

        Assert.Equal(new PageBox(72, 500, 520, 720), chunk.Box);
    }

    [Fact]
    public void Each_chunk_gets_the_union_of_the_boxes_of_the_blocks_whose_text_it_holds_overlap_included()
    {
        var blocks = Enumerable.Range(0, 7)
            .Select(i => new ParsedBlock(Sentence(i), Page: 2, Box: new PageBox(72 + (i * 7), 700 - (i * 60), 300 + (i * 30), 740 - (i * 60))))
            .ToList();

        var chunks = Chunker(maxTokens: 32, overlapTokens: 10).Chunk(new ParsedDocument(blocks, PageCount: 2));

        Assert.True(chunks.Count > 1, "the blocks all fit in one chunk");
        Assert.Contains(chunks, c => blocks.Count(b => c.Text.Contains(b.Text, StringComparison.Ordinal)) > 1);
        Assert.All(chunks, c =>
        {
            var holds = blocks.Where(b => c.Text.Contains(b.Text, StringComparison.Ordinal)).Select(b => b.Box!).ToList();
            Assert.NotEmpty(holds);
            Assert.Equal(holds.Aggregate((a, b) => a.Union(b)), c.Box);
        });
    }

    [Fact]
    public void Every_piece_of_a_split_block_carries_the_block_box()
    {
        var rows = Enumerable.Range(1, 12).Select(i => $"P-{i} | {i * 10} | l/s");
        var table = new ParsedBlock("Pump | Flow | Unit\n" + string.Join("\n", rows), BlockKind.Table, 1, Box: Third);

        var chunks = Chunker(maxTokens: 40).Chunk(new ParsedDocument([table]));

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.Equal(Third, c.Box));
    }

    [Fact]
    public void Chunks_of_blocks_without_a_layout_have_no_box()
    {
        var document = new ParsedDocument([new ParsedBlock("Plain text has no page layout."), new ParsedBlock("Name | Value\nmax | 256", BlockKind.Table)]);

        Assert.All(Chunker(maxTokens: 64).Chunk(document), c => Assert.Null(c.Box));
    }

    private static TextChunker Chunker(int maxTokens, int overlapTokens = 0) =>
        new(TestTokens.Count, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens });

    private static string Sentence(int i) => $"Block {i} states a fact about pumps.";
}
