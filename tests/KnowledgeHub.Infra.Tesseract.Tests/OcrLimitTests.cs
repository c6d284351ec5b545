using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>
/// The limits around OCR on real rendered scans: the per-page time limit, the page limit checked before any page is
/// read, progress from the first page, the renderer-missing message, and the page cache's clean-up.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class OcrLimitTests
{
    private const string FourPages = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";

    [OcrFact]
    public async Task Page_that_takes_longer_than_the_page_limit_fails_the_document_naming_the_page_and_the_setting()
    {
        using var cacheRoot = new TempFolder();
        var options = Options.Create(new OcrOptions { CachePath = cacheRoot.Path, PageTimeout = TimeSpan.FromSeconds(1), Dpi = 72, MaxParallelPages = 1 });
        var parser = Parser(options, new StuckEngine());

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => parser.ParseAsync(new MemoryStream(TwoPageScan()), "slow.pdf"));

        Assert.Equal("Reading page 1 by OCR took longer than the limit of 1 seconds (KnowledgeHub:Ocr:PageTimeout).", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cacheRoot.Path));
    }

    [OcrFact]
    public async Task Scan_with_more_pages_than_the_limit_is_refused_before_any_page_is_read()
    {
        var engine = new StuckEngine();
        var options = Options.Create(new OcrOptions { Dpi = 72 });
        var parser = new PdfParser(NullLogger<PdfParser>.Instance, new OcrReader(options, NullLogger<OcrReader>.Instance, engine, Renderer(options), maxPages: 1));

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => parser.ParseAsync(new MemoryStream(TwoPageScan()), "long.pdf"));

        Assert.Equal("The document has 2 pages, more than the limit of 1 (KnowledgeHub:Ingestion:MaxPages).", error.Message);
        Assert.Equal(0, engine.Calls);
    }

    [OcrFact]
    public async Task Progress_is_reported_before_the_first_page_and_after_every_page()
    {
        var options = Options.Create(new OcrOptions { Dpi = 72, MaxParallelPages = 1 });
        var parser = Parser(options, new TesseractOcrEngine(options, NullLogger<TesseractOcrEngine>.Instance));
        var reports = new List<(int Done, int Total)>();

        await parser.ParseAsync(new MemoryStream(TwoPageScan()), "scan.pdf", (done, total) => { reports.Add((done, total)); return Task.CompletedTask; });

        Assert.Equal([(0, 2), (1, 2), (2, 2)], reports);
    }

    [OcrFact]
    public async Task Scan_without_the_page_renderer_fails_asking_for_poppler_not_tesseract()
    {
        var options = Options.Create(new OcrOptions { PdfToPpmPath = "/nonexistent/pdftoppm" });
        var parser = Parser(options, new TesseractOcrEngine(options, NullLogger<TesseractOcrEngine>.Instance));

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => parser.ParseAsync(new MemoryStream(TwoPageScan()), "scan.pdf"));

        Assert.Equal("The PDF has no text layer; OCR cannot render its pages (install poppler-utils).", error.Message);
    }

    [OcrFact]
    public async Task Pages_left_by_a_run_nobody_resumed_for_a_week_are_removed_at_the_next_scan()
    {
        using var cacheRoot = new TempFolder();
        var abandoned = Directory.CreateDirectory(Path.Combine(cacheRoot.Path, "abandoned")).FullName;
        var recent = Directory.CreateDirectory(Path.Combine(cacheRoot.Path, "recent")).FullName;
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        Directory.SetLastWriteTimeUtc(abandoned, now.UtcDateTime.AddDays(-8));
        Directory.SetLastWriteTimeUtc(recent, now.UtcDateTime.AddDays(-1));
        var options = Options.Create(new OcrOptions { CachePath = cacheRoot.Path, Dpi = 72 });
        var engine = new TesseractOcrEngine(options, NullLogger<TesseractOcrEngine>.Instance);
        var parser = new PdfParser(NullLogger<PdfParser>.Instance, new OcrReader(options, NullLogger<OcrReader>.Instance, engine, Renderer(options), time: new FixedTime(now)));

        await parser.ParseAsync(new MemoryStream(TwoPageScan()), "scan.pdf");

        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(recent));
    }

    private static byte[] TwoPageScan()
    {
        var source = SharedData.PdfSample(FourPages);
        var (width, height) = Scans.PageSize(source, 1);
        return Scans.ImagePdf([(Scans.Render(source, 1, dpi: 72), width, height), (Scans.Render(source, 2, dpi: 72), width, height)]);
    }

    private static PdfToPpmRenderer Renderer(IOptions<OcrOptions> options) => new(options, NullLogger<PdfToPpmRenderer>.Instance);

    private static PdfParser Parser(IOptions<OcrOptions> options, IOcrEngine engine) =>
        new(NullLogger<PdfParser>.Instance, new OcrReader(options, NullLogger<OcrReader>.Instance, engine, Renderer(options)));

    /// <summary>An engine that never finishes a page (a hostile image that hangs Tesseract), until it is cancelled.</summary>
    private sealed class StuckEngine : IOcrEngine
    {
        private int calls;

        public int Calls => calls;

        public OcrAvailability Availability { get; } = new(true, "stuck", ["eng"]);

        public async Task<IReadOnlyList<OcrPage>> RecognizeAsync(string imagePath, int? dpi, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
