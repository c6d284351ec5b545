using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>Images as documents: one page per image or TIFF frame, with boxes; bombs and truncated files refused clearly.</summary>
[Trait("Speed", "Slow")]
public sealed class ImageDocumentTests(ITestOutputHelper output)
{
    private const string FourPages = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";

    [OcrFact]
    public async Task Png_becomes_one_page_with_boxes_inside_the_image()
    {
        var image = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 200);

        var parsed = await new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(image.ToPng()), "page.png");

        Assert.Equal(1, parsed.PageCount);
        Assert.NotEmpty(parsed.Blocks);
        Assert.All(parsed.Blocks, b =>
        {
            Assert.Equal(1, b.Page);
            Assert.True(b.Box is { } box && box.Left >= 0 && box.Right <= image.Width && box.Bottom >= 0 && box.Top <= image.Height, $"box {b.Box}");
        });
        var reference = await Scans.TextLayer(File.ReadAllBytes(SharedData.PdfSample(FourPages)), 1);
        var cer = Scans.CharacterErrorRate(reference, string.Join(' ', parsed.Blocks.Select(b => b.Text)));
        output.WriteLine($"CER png at 200 DPI: {cer:P2}");
        Assert.True(cer <= 0.03, $"CER {cer:P2}");
    }

    [OcrFact]
    public async Task Multi_page_tiff_becomes_one_page_per_frame()
    {
        var source = SharedData.PdfSample(FourPages);
        var tiff = GreyImage.ToTiff([Scans.Render(source, 1, dpi: 200), Scans.Render(source, 2, dpi: 200)]);

        var parsed = await new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(tiff), "pages.tiff");

        Assert.Equal(2, parsed.PageCount);
        Assert.Equal([1, 2], parsed.OcrPages!.Select(p => p.Page));
        Assert.Equal([1, 2], parsed.Blocks.Select(b => b.Page!.Value).Distinct().Order());
        var second = await Scans.TextLayer(File.ReadAllBytes(source), 2);
        var cer = Scans.CharacterErrorRate(second, string.Join(' ', parsed.Blocks.Where(b => b.Page == 2).Select(b => b.Text)));
        Assert.True(cer <= 0.03, $"CER of the second frame {cer:P2}");
        Assert.All(parsed.Blocks, b => Assert.NotNull(b.Box));
    }

    [OcrFact]
    public async Task Image_of_twenty_thousand_pixels_square_is_refused_before_decoding()
    {
        var bomb = GreyImage.PngHeaderOnly(20_000, 20_000);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(bomb), "bomb.png"));

        Assert.Equal(
            "The image is 20000 × 20000 pixels (400,000,000), more than the limit of 100,000,000 pixels per page (KnowledgeHub:Ocr:MaxPixelsPerPage); it may be a decompression bomb.",
            error.Message);
    }

    [OcrFact]
    public async Task Truncated_png_is_refused_as_incomplete()
    {
        var png = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 100).ToPng();

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => new ImageParser(Scans.Reader()).ParseAsync(new MemoryStream(png[..(png.Length / 2)]), "cut.png"));

        Assert.Equal(DocumentRejections.ImageTruncated, error.Message);
    }

    [OcrFact]
    public async Task Image_without_ocr_engine_is_refused_with_the_install_message()
    {
        var png = Scans.Render(SharedData.PdfSample(FourPages), 1, dpi: 100).ToPng();

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => new ImageParser(Scans.Reader(o => o.TesseractPath = "/nonexistent/tesseract")).ParseAsync(new MemoryStream(png), "page.png"));

        Assert.Equal(DocumentRejections.ImageOcrUnavailable, error.Message);
    }
}
