using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>A run stopped halfway through a scan (a PDF, a multi-page TIFF) resumes at the first page not yet read, and reads the same text.</summary>
[Trait("Speed", "Slow")]
public sealed class OcrResumeTests
{
    [OcrFact]
    public async Task Run_stopped_after_the_first_page_reads_only_the_rest_when_it_resumes()
    {
        using var cacheRoot = new TempFolder();
        var source = SharedData.PdfSample("004-pdflatex-4-pages_pdflatex-4-pages.pdf");
        var (width, height) = Scans.PageSize(source, 1);
        var scan = Scans.ImagePdf([(Scans.Render(source, 1, dpi: 150), width, height), (Scans.Render(source, 2, dpi: 150), width, height)]);
        var options = Options.Create(new OcrOptions { CachePath = cacheRoot.Path, MaxParallelPages = 1, Dpi = 150 });
        var engine = new CountingEngine(new TesseractOcrEngine(options, NullLogger<TesseractOcrEngine>.Instance));
        var parser = new PdfParser(NullLogger<PdfParser>.Instance, new OcrReader(options, NullLogger<OcrReader>.Instance, engine, new PdfToPpmRenderer(options, NullLogger<PdfToPpmRenderer>.Instance)));

        // The run is stopped (a delete, a shutdown) as soon as the first page is read.
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parser.ParseAsync(
            new MemoryStream(scan), "scan.pdf", (done, _) => { if (done == 1) { stop.Cancel(); } return Task.CompletedTask; }, stop.Token));
        Assert.Equal(1, engine.Calls);

        var resumed = await parser.ParseAsync(new MemoryStream(scan), "scan.pdf");

        Assert.Equal(2, engine.Calls);
        Assert.Equal([1, 2], resumed.OcrPages!.Select(p => p.Page));
        Assert.Contains(resumed.Blocks, b => b.Page == 1 && b.Text.StartsWith("Hello, here is some text", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(cacheRoot.Path));
    }

    [OcrFact]
    public async Task Tiff_upload_stopped_after_the_first_frame_reads_only_the_rest_when_it_resumes()
    {
        using var cacheRoot = new TempFolder();
        var source = SharedData.PdfSample("004-pdflatex-4-pages_pdflatex-4-pages.pdf");
        var tiff = GreyImage.ToTiff([Scans.Render(source, 1, dpi: 150), Scans.Render(source, 2, dpi: 150)]);
        var options = Options.Create(new OcrOptions { CachePath = cacheRoot.Path, MaxParallelPages = 1 });
        var engine = new CountingEngine(new TesseractOcrEngine(options, NullLogger<TesseractOcrEngine>.Instance));
        var parser = new ImageParser(new OcrReader(options, NullLogger<OcrReader>.Instance, engine));

        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parser.ParseAsync(
            new MemoryStream(tiff), "scan.tiff", (done, _) => { if (done == 1) { stop.Cancel(); } return Task.CompletedTask; }, stop.Token));
        Assert.Equal(1, engine.Calls);

        var resumed = await parser.ParseAsync(new MemoryStream(tiff), "scan.tiff");

        Assert.Equal(2, engine.Calls);
        Assert.Equal([1, 2], resumed.OcrPages!.Select(p => p.Page));
        Assert.Contains(resumed.Blocks, b => b.Page == 1 && b.Text.StartsWith("Hello, here is some text", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(cacheRoot.Path));
    }

    /// <summary>The real engine, counting the images it is asked to read.</summary>
    private sealed class CountingEngine(IOcrEngine inner) : IOcrEngine
    {
        private int calls;

        public int Calls => calls;

        public OcrAvailability Availability => inner.Availability;

        public Task<IReadOnlyList<OcrPage>> RecognizeAsync(string imagePath, int? dpi, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            return inner.RecognizeAsync(imagePath, dpi, cancellationToken);
        }
    }
}
