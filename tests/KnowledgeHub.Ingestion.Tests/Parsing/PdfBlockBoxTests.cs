using KnowledgeHub.Retrieval;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;
using UglyToad.PdfPig;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class PdfBlockBoxTests
{
    public static TheoryData<string> Samples() => [.. PdfSamples.FileNames()];

    [SharedDataTheory]
    [MemberData(nameof(Samples))]
    public async Task Every_block_of_a_parsed_sample_has_a_non_degenerate_box_inside_its_page(string fileName)
    {
        ParsedDocument document;
        try
        {
            document = await PdfSamples.ParseAsync(fileName);
        }
        catch (DocumentRejectedException)
        {
            return; // The corpus test checks that rejections carry a reason.
        }

        // The page as PdfPig reports positions: its media box, turned by /Rotate, origin at the bottom-left.
        using var pdf = PdfDocument.Open(PdfSamples.Bytes(fileName), new UglyToad.PdfPig.ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        Assert.All(document.Blocks, block =>
        {
            var box = Assert.IsType<PageBox>(block.Box);
            var page = pdf.GetPage(block.Page!.Value);
            Assert.InRange(box.Left, 0, page.Width);
            Assert.InRange(box.Right, 0, page.Width);
            Assert.InRange(box.Bottom, 0, page.Height);
            Assert.InRange(box.Top, 0, page.Height);
            Assert.True(box.Right > box.Left, $"{fileName} p{block.Page}: box {box} has no width");
            Assert.True(box.Top > box.Bottom, $"{fileName} p{block.Page}: box {box} has no height");
        });
    }

    [SharedDataFact]
    public async Task Blocks_of_the_two_columns_have_boxes_side_by_side()
    {
        var document = await PdfSamples.ParseAsync("026-latex-multicolumn_multicolumn.pdf");

        var left = document.Blocks.Single(b => b.Text.StartsWith("This is a sample document with two columns", StringComparison.Ordinal)).Box!;
        var right = document.Blocks.Single(b => b.Text.StartsWith("pellentesque ante. Phasellus", StringComparison.Ordinal)).Box!;
        Assert.True(left.Right < right.Left, $"left column {left} overlaps right column {right}");
        Assert.True(left.Width > 150 && right.Width > 150, "a column box is narrower than its column");
    }

    [SharedDataFact]
    public async Task Text_placed_off_the_page_is_not_read()
    {
        // Its pages are 3.84 pt squares; the only text ("Background") is set outside them, where no reader sees it.
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => PdfSamples.ParseAsync("007-imagemagick-images_imagemagick-images.pdf"));

        Assert.Equal(DocumentRejections.PdfNoText, error.Message);
    }
}
