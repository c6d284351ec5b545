using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Reads scanned PDF pages and images through the <see cref="IPageRenderer"/> and <see cref="IOcrEngine"/> seams:
/// pages in parallel up to <see cref="OcrOptions.MaxParallelPages"/>, each under <see cref="OcrOptions.PageTimeout"/>,
/// in a scratch folder removed afterwards. What OCR reads becomes the same regions as a born-digital page
/// (<see cref="OcrPageLayout"/>).
/// </summary>
public sealed class OcrReader
{
    private readonly IOcrEngine? engine;
    private readonly IPageRenderer? renderer;
    private readonly OcrOptions options;
    private readonly ILogger<OcrReader> logger;
    private readonly TimeProvider time;

    /// <summary>How long pages read for a document that never completed are kept for a resume.</summary>
    private static readonly TimeSpan StaleCacheAge = TimeSpan.FromDays(7);

    /// <param name="maxPages">Pages a document may have (KnowledgeHub:Ingestion:MaxPages), checked before anything is read, so an over-long scan costs no OCR.</param>
    public OcrReader(IOptions<OcrOptions> options, ILogger<OcrReader> logger, IOcrEngine? engine = null, IPageRenderer? renderer = null, int maxPages = int.MaxValue, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.time = time ?? TimeProvider.System;
        MaxPages = maxPages;
        this.logger = logger;
        this.engine = engine;
        this.renderer = renderer;
    }

    public OcrOptions Options => options;

    /// <summary>Pages a document may have; a longer one is refused before OCR starts.</summary>
    public int MaxPages { get; }

    /// <summary>Whether images can be read here (the OCR engine runs).</summary>
    public bool CanReadImages => options.Enabled && engine is { Availability.IsAvailable: true };

    /// <summary>Whether scanned PDF pages can be read here (the engine and the renderer run).</summary>
    public bool CanReadPdfPages => CanReadImages && renderer is { Availability.IsAvailable: true };

    /// <summary>Why OCR does not run here, for the person whose upload needed it; null when it does.</summary>
    public string? WhyOff(bool pdf) => !options.Enabled
        ? (pdf ? DocumentRejections.PdfNoTextOcrOff : DocumentRejections.ImageOcrOff)
        : (pdf ? CanReadPdfPages : CanReadImages) ? null
        : !CanReadImages ? (pdf ? DocumentRejections.PdfNoText : DocumentRejections.ImageOcrUnavailable)
        : DocumentRejections.PdfNoTextNoRenderer;

    /// <summary>What /health/ready and the start-up log say about OCR.</summary>
    public OcrAvailability Availability
    {
        get
        {
            if (!options.Enabled)
            {
                return OcrAvailability.Off("OCR is turned off (KnowledgeHub:Ocr:Enabled=false): scanned PDFs and images are refused.");
            }

            if (engine is null || !engine.Availability.IsAvailable)
            {
                return OcrAvailability.Off($"OCR is off: {engine?.Availability.Description ?? "no OCR engine is configured"}. Scanned PDFs and images are refused (install tesseract-ocr).");
            }

            if (renderer is null || !renderer.Availability.IsAvailable)
            {
                return new OcrAvailability(true, $"OCR reads images ({engine.Availability.Description}), but not scanned PDF pages: {renderer?.Availability.Description ?? "no page renderer is configured"} (install poppler-utils).", engine.Availability.Languages);
            }

            return new OcrAvailability(true, $"OCR is on: {engine.Availability.Description}; {renderer.Availability.Description}.", engine.Availability.Languages);
        }
    }

    /// <summary>A PDF page to read by OCR, with its size in points.</summary>
    internal sealed record PdfPageRequest(int Page, double Width, double Height);

    internal sealed record PageResult(int Page, List<PdfRegion> Regions, OcrPageQuality Quality);

    internal async Task<List<PageResult>> ReadPdfPagesAsync(
        byte[] pdf, IReadOnlyList<PdfPageRequest> pages, string fileName, Func<int, int, Task>? progress, CancellationToken cancellationToken)
    {
        if (!CanReadPdfPages)
        {
            throw new InvalidOperationException("OCR is not available; ask CanReadPdfPages first.");
        }

        using var scratch = new ScratchFolder();
        var pdfPath = Path.Combine(scratch.Path, "document.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf, cancellationToken);
        PageCache.RemoveStale(options.CachePath, time.GetUtcNow(), StaleCacheAge);
        var cache = PageCache.For(options.CachePath, pdf, options.Dpi, engine!.Availability.Languages);
        var results = await ReadEachPageAsync([.. pages.Select(p => p.Page)], cache, progress, async (i, pageToken) =>
        {
            var request = pages[i];
            if (await PageCache.ReadAsync(cache, request.Page, pageToken) is { } kept)
            {
                return ToResult(kept, request.Page, request.Width, request.Height);
            }

            var dpi = DpiFor(request);
            var image = await renderer!.RenderAsync(pdfPath, request.Page, dpi, Path.Combine(scratch.Path, $"page-{request.Page}"), pageToken);
            try
            {
                var page = await RecognizePageAsync(image, request.Page, dpi, pageToken);
                await PageCache.WriteAsync(cache, request.Page, page, pageToken);
                return ToResult(page, request.Page, request.Width, request.Height);
            }
            finally
            {
                File.Delete(image);
            }
        }, cancellationToken);

        ParsingLog.OcrPagesRead(logger, fileName, pages.Count);
        return results;
    }

    /// <summary>Every frame of an image, one page each, in PDF points at 72 DPI (one point per pixel).</summary>
    internal async Task<List<PageResult>> ReadImageAsync(byte[] image, string extension, string fileName, Func<int, int, Task>? progress, CancellationToken cancellationToken)
    {
        if (!CanReadImages)
        {
            throw new InvalidOperationException("OCR is not available; ask CanReadImages first.");
        }

        var frames = ImageFrames.Read(image);
        if (frames.Count > MaxPages)
        {
            throw new DocumentRejectedException(DocumentRejections.TooManyPages(frames.Count, MaxPages));
        }

        for (var i = 0; i < frames.Count; i++)
        {
            var (width, height, _) = frames[i];
            if ((long)width * height > options.MaxPixelsPerPage)
            {
                var what = frames.Count == 1 ? "The image" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Frame {i + 1} of the image");
                throw new DocumentRejectedException(DocumentRejections.PageTooLarge(what, width, height, options.MaxPixelsPerPage));
            }
        }

        if (ImageDecoder.WhyNotDecodable(image, frames.Count) is { } why)
        {
            ParsingLog.OcrImageReadAsFile(logger, fileName, why);
            return await ReadImageFileAsync(image, extension, frames, fileName, progress, cancellationToken);
        }

        // Decoded here, each frame takes the path a rendered PDF page takes: straightened when askew, frames in parallel.
        using var scratch = new ScratchFolder();
        PageCache.RemoveStale(options.CachePath, time.GetUtcNow(), StaleCacheAge);
        var cache = PageCache.For(options.CachePath, image, 0, engine!.Availability.Languages);
        var results = await ReadEachPageAsync([.. Enumerable.Range(1, frames.Count)], cache, progress, async (i, pageToken) =>
        {
            var number = i + 1;
            if (await PageCache.ReadAsync(cache, number, pageToken) is { } kept)
            {
                return ToResult(kept, number, kept.Width, kept.Height);
            }

            var grey = ImageDecoder.Decode(image, i, options.MaxPixelsPerPage);
            var page = await RecognizeDecodedAsync(grey, number, frames[i].ReadingDpi, Path.Combine(scratch.Path, $"frame-{number}"), pageToken);
            await PageCache.WriteAsync(cache, number, page, pageToken);
            return ToResult(page, number, grey.Width, grey.Height);
        }, cancellationToken);

        ParsingLog.OcrPagesRead(logger, fileName, results.Count);
        return results;
    }

    /// <summary>
    /// The image handed to Tesseract as a file, unstraightened, all frames in one run: for an image the decoders here
    /// cannot read (Skia's native library missing, a TIFF compression LibTiff lacks) but Tesseract's own may.
    /// </summary>
    private async Task<List<PageResult>> ReadImageFileAsync(byte[] image, string extension, List<ImageFrame> frames, string fileName, Func<int, int, Task>? progress, CancellationToken cancellationToken)
    {
        using var scratch = new ScratchFolder();
        var path = Path.Combine(scratch.Path, "image" + extension);
        await File.WriteAllBytesAsync(path, image, cancellationToken);
        if (progress is not null)
        {
            await progress(0, frames.Count);
        }

        // Tesseract reads all frames of a multi-page TIFF in one run, so the run gets the page limit once per frame.
        var read = await WithinPageLimitAsync(1, frames.Count, token => engine!.RecognizeAsync(path, frames[0].ReadingDpi, token), cancellationToken);
        if (progress is not null)
        {
            await progress(frames.Count, frames.Count);
        }

        var results = new List<PageResult>();
        for (var i = 0; i < read.Count; i++)
        {
            results.Add(ToResult(read[i], i + 1, read[i].Width, read[i].Height));
        }

        ParsingLog.OcrPagesRead(logger, fileName, results.Count);
        return results;
    }

    /// <summary>
    /// Reads pages in parallel up to <see cref="OcrOptions.MaxParallelPages"/>, each under the page time limit, with
    /// progress after each; pages kept in <paramref name="cache"/> are dropped once the document is read or fails for good.
    /// </summary>
    /// <param name="pageNumbers">The page number of each item, for progress and the time-limit message.</param>
    private async Task<List<PageResult>> ReadEachPageAsync(
        IReadOnlyList<int> pageNumbers, string? cache, Func<int, int, Task>? progress, Func<int, CancellationToken, Task<PageResult>> readPage, CancellationToken cancellationToken)
    {
        var count = pageNumbers.Count;
        var results = new PageResult[count];
        if (progress is not null)
        {
            await progress(0, count);
        }

        var done = 0;
        using var progressGate = new SemaphoreSlim(1, 1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ParallelPages, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, token) =>
            {
                results[i] = await WithinPageLimitAsync(pageNumbers[i], 1, pageToken => readPage(i, pageToken), token);
                await progressGate.WaitAsync(token);
                try
                {
                    done++;
                    if (progress is not null)
                    {
                        await progress(done, count);
                    }
                }
                finally
                {
                    progressGate.Release();
                }
            });
        }
        catch (DocumentRejectedException)
        {
            // The document fails for good: nothing will resume from the pages already read.
            PageCache.Remove(cache);
            throw;
        }

        PageCache.Remove(cache);
        return [.. results];
    }

    /// <summary>Reads one rendered page, straightened first when it was scanned a few degrees askew.</summary>
    private async Task<OcrPage> RecognizePageAsync(string image, int pageNumber, int dpi, CancellationToken cancellationToken)
    {
        // A renderer other than pdftoppm may write another format; such pages are read as they are.
        var original = options.Deskew ? GreyPage.TryReadPgm(image) : null;
        var degrees = original is null ? 0 : PageSkew.Estimate(original);
        if (original is null || Math.Abs(degrees) < PageSkew.MinDegrees)
        {
            var read = await engine!.RecognizeAsync(image, dpi, cancellationToken);
            return read.Count > 0 ? read[0] : new OcrPage(0, 0, []);
        }

        return await RecognizeStraightenedAsync(original, degrees, pageNumber, dpi, Path.ChangeExtension(image, ".straight.pgm"), cancellationToken);
    }

    /// <summary>Reads one decoded image frame, straightened first when it was scanned or photographed a few degrees askew.</summary>
    /// <param name="stem">Path without extension for the image file Tesseract reads.</param>
    private async Task<OcrPage> RecognizeDecodedAsync(GreyPage page, int pageNumber, int? dpi, string stem, CancellationToken cancellationToken)
    {
        var degrees = options.Deskew ? PageSkew.Estimate(page) : 0;
        if (Math.Abs(degrees) >= PageSkew.MinDegrees)
        {
            return await RecognizeStraightenedAsync(page, degrees, pageNumber, dpi, stem + ".straight.pgm", cancellationToken);
        }

        var path = stem + ".pgm";
        page.WritePgm(path);
        try
        {
            var read = await engine!.RecognizeAsync(path, dpi, cancellationToken);
            return read.Count > 0 ? read[0] : new OcrPage(page.Width, page.Height, []);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The page turned square and read, its word boxes turned back onto the page as scanned.</summary>
    private async Task<OcrPage> RecognizeStraightenedAsync(GreyPage original, double degrees, int pageNumber, int? dpi, string straightPath, CancellationToken cancellationToken)
    {
        ParsingLog.OcrPageStraightened(logger, pageNumber, degrees);
        var straightened = PageSkew.Straighten(original, degrees);
        straightened.WritePgm(straightPath);
        try
        {
            var read = await engine!.RecognizeAsync(straightPath, dpi, cancellationToken);
            return read.Count > 0 ? PageSkew.TurnBack(read[0], original, straightened, degrees) : new OcrPage(original.Width, original.Height, []);
        }
        finally
        {
            File.Delete(straightPath);
        }
    }

    private PageResult ToResult(OcrPage page, int number, double width, double height)
    {
        var confidence = OcrPageLayout.MeanConfidence(page);
        var regions = OcrPageLayout.Read(page, number, width, height);
        return new PageResult(number, regions, new OcrPageQuality(number, confidence, confidence is null || confidence < options.LowConfidence));
    }

    /// <summary>The configured resolution, lowered for a page so large that it would exceed the pixel limit.</summary>
    private int DpiFor(PdfPageRequest page)
    {
        var dpi = options.Dpi;
        var pixelsAtDpi = page.Width / 72 * dpi * (page.Height / 72 * dpi);
        if (pixelsAtDpi > options.MaxPixelsPerPage)
        {
            dpi = (int)Math.Floor(dpi * Math.Sqrt(options.MaxPixelsPerPage / pixelsAtDpi));
        }

        if (dpi < 72)
        {
            var w = (long)(page.Width / 72 * options.Dpi);
            var h = (long)(page.Height / 72 * options.Dpi);
            throw new DocumentRejectedException(DocumentRejections.PageTooLarge(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Page {page.Page}"), w, h, options.MaxPixelsPerPage));
        }

        return dpi;
    }

    private async Task<T> WithinPageLimitAsync<T>(int page, int pages, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = options.PageTimeout * pages;
        limit.CancelAfter(timeout);
        try
        {
            return await work(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DocumentRejectedException(DocumentRejections.OcrPageTimeout(page, timeout));
        }
    }

    /// <summary>A private folder under the system's temporary folder, removed with everything in it.</summary>
    private sealed class ScratchFolder : IDisposable
    {
        public ScratchFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "knowledgehub-ocr-" + Guid.NewGuid().ToString("N", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A killed child may still hold a file for a moment; the system's temporary folder is cleaned anyway.
            }
        }
    }
}
