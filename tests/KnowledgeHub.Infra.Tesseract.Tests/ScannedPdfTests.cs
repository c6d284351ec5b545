using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>Scans made from real samples read back by OCR, measured by character error rate against the text layer.</summary>
[Trait("Speed", "Slow")]
public sealed class ScannedPdfTests(ITestOutputHelper output)
{
    // A page of running English prose (pdflatex); bench ocr also reports a page with a table of flag images.
    private const string English = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";
    private const string FourPages = English;

    [OcrFact]
    public async Task Scanned_english_page_reads_back_within_three_percent_character_error()
    {
        var source = SharedData.PdfSample(English);
        var (width, height) = Scans.PageSize(source, 1);
        var scan = Scans.ImagePdf([(Scans.Render(source, 1), width, height)]);

        var parsed = await Scans.PdfParser(Scans.Reader()).ParseAsync(new MemoryStream(scan), "scan.pdf");

        var reference = await Scans.TextLayer(File.ReadAllBytes(source), 1);
        var recognised = string.Join(' ', parsed.Blocks.Select(b => b.Text));
        var cer = Scans.CharacterErrorRate(reference, recognised);
        output.WriteLine($"CER english page: {cer:P2} ({reference.Length} characters)");
        Assert.True(cer <= 0.03, $"CER {cer:P2} is above 3%.\nreference: {reference}\nrecognised: {recognised}");
        var quality = Assert.Single(parsed.OcrPages!);
        Assert.Equal(1, quality.Page);
        Assert.False(quality.LowConfidence);
        Assert.All(parsed.Blocks, b => Assert.Equal(1, b.Page));
        Assert.All(parsed.Blocks, b => Assert.True(b.Box is { } box && box.Left >= 0 && box.Right <= width + 0.5 && box.Bottom >= 0 && box.Top <= height + 0.5, $"box {b.Box} is off the {width}x{height} page"));
    }

    [OcrFact]
    public async Task Page_scanned_sideways_is_turned_and_reads_back_within_three_percent()
    {
        var source = SharedData.PdfSample(English);
        var (width, height) = Scans.PageSize(source, 1);
        var turned = Scans.Render(source, 1).RotateClockwise();
        var scan = Scans.ImagePdf([(turned, height, width)]);

        var parsed = await Scans.PdfParser(Scans.Reader()).ParseAsync(new MemoryStream(scan), "sideways.pdf");

        var reference = await Scans.TextLayer(File.ReadAllBytes(source), 1);
        var recognised = string.Join(' ', parsed.Blocks.Select(b => b.Text));
        var cer = Scans.CharacterErrorRate(reference, recognised);
        output.WriteLine($"CER english page turned 90°: {cer:P2}");
        Assert.True(cer <= 0.03, $"CER {cer:P2} is above 3%.\nreference: {reference}\nrecognised: {recognised}");

        // The boxes stay on the page as stored (landscape), where the scan shows the text: turning the page clockwise
        // moves its top edge to the right, so the first block's right edge is where its top was on the upright page.
        var first = parsed.Blocks[0];
        Assert.StartsWith("Hello, here is some text", first.Text, StringComparison.Ordinal);
        await using var original = File.OpenRead(source);
        var upright = (await new PdfParser().ParseAsync(original, "source.pdf")).Blocks[0].Box!;
        Assert.InRange(first.Box!.Right, upright.Top - 15, upright.Top + 15);
        Assert.InRange(first.Box.Top, width - upright.Left - 15, width - upright.Left + 15);
    }

    [OcrTheory]
    [InlineData(3.0)]
    [InlineData(-2.0)]
    public async Task Page_scanned_a_few_degrees_askew_reads_back_within_three_percent(double degrees)
    {
        var source = SharedData.PdfSample(English);
        var (width, height) = Scans.PageSize(source, 1);
        var scan = Scans.ImagePdf([(Scans.Render(source, 1).Skew(degrees), width, height)]);

        var parsed = await Scans.PdfParser(Scans.Reader()).ParseAsync(new MemoryStream(scan), "askew.pdf");

        var reference = await Scans.TextLayer(File.ReadAllBytes(source), 1);
        var recognised = string.Join(' ', parsed.Blocks.Select(b => b.Text));
        var cer = Scans.CharacterErrorRate(reference, recognised);
        output.WriteLine($"CER english page {degrees}° askew: {cer:P2}");
        Assert.True(cer <= 0.03, $"CER {cer:P2} is above 3%.\nreference: {reference}\nrecognised: {recognised}");
        Assert.All(parsed.Blocks, b => Assert.True(b.Box is { } box && box.Left >= 0 && box.Right <= width + 0.5 && box.Bottom >= 0 && box.Top <= height + 0.5, $"box {b.Box} is off the {width}x{height} page"));
    }

    [OcrFact]
    public async Task Scanned_chinese_page_reads_back_within_eight_percent_character_error()
    {
        Assert.True(File.Exists(Scans.Chromium), $"{Scans.Chromium} prints the Chinese sample to PDF (apt-get install chromium fonts-wqy-microhei).");
        var text = string.Join('\n', File.ReadAllLines(SharedData.PathTo("documents", "zh", "000_f67e12d98019297f.txt")).Take(12));
        var born = Scans.ChinesePdf(text);
        var path = Path.Combine(Path.GetTempPath(), "kh-zh-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(path, born);
        try
        {
            var (width, height) = Scans.PageSize(path, 1);
            var scan = Scans.ImagePdf([(Scans.Render(path, 1), width, height)]);

            var parsed = await Scans.PdfParser(Scans.Reader()).ParseAsync(new MemoryStream(scan), "zh-scan.pdf");

            var reference = await Scans.TextLayer(born, 1);
            var recognised = string.Join(string.Empty, parsed.Blocks.Where(b => b.Page == 1).Select(b => b.Text));
            var cer = Scans.CharacterErrorRate(reference, recognised, removeSpaces: true);
            output.WriteLine($"CER chinese page: {cer:P2} ({reference.Length} characters)");
            Assert.True(cer <= 0.08, $"CER {cer:P2} is above 8%.\nreference: {reference}\nrecognised: {recognised}");

            // No space is left between Chinese characters, so keyword search finds their words.
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs} \p{IsCJKUnifiedIdeographs}", recognised);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [OcrFact]
    public async Task Mixed_pdf_keeps_the_text_layer_and_reads_only_the_scanned_page()
    {
        var source = SharedData.PdfSample(FourPages);
        var mixed = Scans.Mixed(source, textPage: 1, scannedPage: 2);

        var parsed = await Scans.PdfParser(Scans.Reader()).ParseAsync(new MemoryStream(mixed), "mixed.pdf");

        Assert.Equal(2, parsed.PageCount);
        var ocr = Assert.Single(parsed.OcrPages!);
        Assert.Equal(2, ocr.Page);
        var textLayer = await Scans.TextLayer(File.ReadAllBytes(source), 1);
        Assert.Equal(textLayer, string.Join(' ', parsed.Blocks.Where(b => b.Page == 1).Select(b => b.Text)));
        var reference = await Scans.TextLayer(File.ReadAllBytes(source), 2);
        var cer = Scans.CharacterErrorRate(reference, string.Join(' ', parsed.Blocks.Where(b => b.Page == 2).Select(b => b.Text)));
        output.WriteLine($"CER scanned page of the mixed PDF: {cer:P2}");
        Assert.True(cer <= 0.03, $"CER {cer:P2} is above 3%.");
    }

    [OcrFact]
    public async Task Scanned_pdf_without_ocr_engine_fails_with_the_install_message()
    {
        var source = SharedData.PdfSample(English);
        var (width, height) = Scans.PageSize(source, 1);
        var scan = Scans.ImagePdf([(Scans.Render(source, 1, dpi: 100), width, height)]);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => Scans.PdfParser(Scans.Reader(o => o.TesseractPath = "/nonexistent/tesseract")).ParseAsync(new MemoryStream(scan), "scan.pdf"));

        Assert.Equal("The PDF has no text layer; OCR is not available (install tesseract-ocr).", error.Message);
    }
}
