using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Tests.Chunking;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class PdfTableTests
{
    private const string MultiColumn = "026-latex-multicolumn_multicolumn.pdf";
    private static readonly string[] Countries = ["Austria", "Belgium", "Czech Republic", "Denmark", "Finland"];

    [SharedDataFact]
    public async Task Latex_table_becomes_one_table_block_read_row_by_row()
    {
        var document = await PdfSamples.ParseAsync(MultiColumn);

        var table = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal(3, table.Page);
        var rows = table.Text.Split('\n');
        Assert.Equal(6, rows.Length);
        Assert.All(rows, r => Assert.Equal(5, r.Split(" | ").Length));
        Assert.StartsWith("Country | Population (millions) | Area", rows[0], StringComparison.Ordinal);
        Assert.EndsWith("Capital | Official Language", rows[0], StringComparison.Ordinal);
        Assert.Equal("Austria | 8.9 | 83,879 | Vienna | German", rows[1]);
        Assert.Equal("Denmark | 5.8 | 42,951 | Copenhagen | Danish", rows[4]);
        Assert.Equal("Finland | 5.5 | 338,424 | Helsinki | Finnish, Swedish", rows[5]);
    }

    [SharedDataFact]
    public async Task Table_caption_stays_a_paragraph_before_the_table_and_no_column_is_read_down()
    {
        var document = await PdfSamples.ParseAsync(MultiColumn);
        var blocks = document.Blocks.ToList();

        var caption = blocks.FindIndex(b => b.Text == "Table 1: EU Countries Information");
        Assert.True(caption >= 0, "caption missing");
        Assert.Equal(BlockKind.Paragraph, blocks[caption].Kind);
        Assert.Equal(BlockKind.Table, blocks[caption + 1].Kind);
        Assert.True(blocks[caption].Box!.Bottom >= blocks[caption + 1].Box!.Top, "the caption's box is not above the table's");
        Assert.DoesNotContain("Austria Belgium", PdfSamples.FullText(document), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Two_column_prose_is_not_taken_for_a_table()
    {
        var document = await PdfSamples.ParseAsync(MultiColumn);

        Assert.DoesNotContain(document.Blocks, b => b.Kind == BlockKind.Table && b.Page != 3);
    }

    [SharedDataFact]
    public async Task Pieces_of_a_pdf_table_split_for_size_each_start_with_its_header_row()
    {
        var document = await PdfSamples.ParseAsync(MultiColumn);
        var table = document.Blocks.Single(b => b.Kind == BlockKind.Table);
        var header = table.Text.Split('\n')[0];

        var chunks = new TextChunker(TestTokens.Count, new ChunkingOptions { MaxTokens = 40, OverlapTokens = 0 }).Chunk(document);

        var pieces = chunks.Where(c => Countries.Any(country => c.Text.Contains(country, StringComparison.Ordinal))).ToList();
        Assert.True(pieces.Count > 1, "the table was not split");
        Assert.All(pieces, p =>
        {
            Assert.StartsWith(header + "\n", p.Text, StringComparison.Ordinal);
            Assert.Equal(3, p.Page);
            Assert.Equal(table.Box, p.Box);
        });
        Assert.All(Countries, country => Assert.Contains(pieces, p => p.Text.Contains(country, StringComparison.Ordinal)));
    }

    [SharedDataFact]
    public async Task Google_docs_table_keeps_each_row_label_with_its_values()
    {
        var document = await PdfSamples.ParseAsync("011-google-doc-document_google-doc-document.pdf");

        var rows = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Table).Text.Split('\n');
        Assert.Matches("Indonesia.*Germany.*Austria.*France.*Vatican", rows[0]);
        var capitals = Assert.Single(rows, r => r.StartsWith("Capital", StringComparison.Ordinal));
        Assert.Matches("Jakarta.*Berlin.*Vienna.*Paris.*Vatican City", capitals);
        Assert.Contains(rows, r => r.StartsWith("Population", StringComparison.Ordinal) && r.EndsWith("| 453", StringComparison.Ordinal));
    }
}
