using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;
using PdfPigParsingOptions = UglyToad.PdfPig.ParsingOptions;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// PDF through PdfPig: one block per text block found by layout analysis, in reading order, with its page and its box
/// on the page; tables found on a page become table blocks, row by row. Headings come from the outline when the PDF
/// has one, otherwise from font size. Letters of fonts PdfPig reads by character code (TeX's math fonts) get the
/// characters their glyph names mean (<see cref="PdfSymbolText"/>); plot tick labels are left out
/// (<see cref="PdfPlotAxes"/>). PdfPig is synchronous and CPU-bound, so the
/// work runs on the thread pool and checks for cancellation between pages.
/// </summary>
public sealed class PdfParser : IDocumentParser
{
    private const int HeaderWindow = 1024;

    // Private-use glyphs, replacement characters and controls: what a text layer of unmapped glyphs reads as.
    private const double GarbageShare = 0.5;
    private const int MinLettersForGarbage = 20;

    private readonly ILogger<PdfParser> logger;
    private readonly OcrReader? ocr;

    public PdfParser()
        : this(NullLogger<PdfParser>.Instance)
    {
    }

    public PdfParser(ILogger<PdfParser> logger)
    {
        this.logger = logger;
    }

    /// <param name="ocr">Reads pages without a usable text layer; without it those pages are left out.</param>
    public PdfParser(ILogger<PdfParser> logger, OcrReader ocr)
    {
        this.logger = logger;
        this.ocr = ocr;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        ParseAsync(content, fileName, null, cancellationToken);

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, Func<int, int, Task>? progress, CancellationToken cancellationToken = default)
    {
        var bytes = await StreamContent.ReadAllAsync(content, cancellationToken);
        if (bytes.Length == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.Empty);
        }

        // PDF readers accept junk before the header (the spec allows it within the first 1 KiB); PdfPig does too.
        if (bytes.AsSpan(0, Math.Min(bytes.Length, HeaderWindow)).IndexOf("%PDF-"u8) < 0)
        {
            throw new DocumentRejectedException(DocumentRejections.NotPdf);
        }

        var text = await Task.Run(() => ReadTextLayer(bytes, fileName, cancellationToken), cancellationToken);
        var regions = text.Regions;
        List<OcrPageQuality>? ocrPages = null;
        if (text.Scanned.Count > 0)
        {
            if (ocr is not null && ocr.CanReadPdfPages)
            {
                if (text.PageCount > ocr.MaxPages)
                {
                    throw new DocumentRejectedException(DocumentRejections.TooManyPages(text.PageCount, ocr.MaxPages));
                }

                var read = await ocr.ReadPdfPagesAsync(bytes, text.Scanned, fileName, progress, cancellationToken);
                // A page where OCR finds nothing (a photo, a drawing) keeps what little its text layer had.
                var empty = read.Where(r => r.Regions.Count == 0).Select(r => r.Page).ToHashSet();
                var kept = text.ScannedRegions.Where(r => empty.Contains(r.Page));
                regions = [.. regions.Concat(kept).Concat(read.SelectMany(r => r.Regions)).OrderBy(r => r.Page)];
                ocrPages = [.. read.Select(r => r.Quality)];
            }
            else if (regions.Count > 0 || text.ScannedRegions.Count > 0)
            {
                // Without OCR, what text there is (other pages, a caption on a scan) is still worth having.
                ParsingLog.OcrPagesSkipped(logger, fileName, text.Scanned.Count);
                regions = [.. regions.Concat(text.ScannedRegions).OrderBy(r => r.Page)];
            }
            else
            {
                throw new DocumentRejectedException(ocr?.WhyOff(pdf: true) ?? DocumentRejections.PdfNoText);
            }
        }

        if (regions.Count == 0)
        {
            throw new DocumentRejectedException(
                text.UnreadablePages > 0 ? DocumentRejections.PdfDamaged("none of its pages could be read")
                : ocrPages is not null ? DocumentRejections.PdfNoTextAfterOcr
                : ocr?.WhyOff(pdf: true) ?? DocumentRejections.PdfNoText);
        }

        PdfFontHeadings.MarkHeadings(regions);
        if (text.Outline.Count > 0)
        {
            PdfOutlineHeadings.AssignPaths(regions, text.Outline);
        }
        else
        {
            PdfFontHeadings.AssignPaths(regions);
        }

        var blocks = regions
            .Select(r => new ParsedBlock(r.Text, Kind(r), r.Page, r.HeadingPath, r.Box))
            .ToList();
        ParsingLog.PdfParsed(logger, fileName, text.PageCount, blocks.Count, text.Outline.Count > 0);
        return new ParsedDocument(blocks, text.PageCount, text.Title, ocrPages);
    }

    /// <summary>What PdfPig reads, and the pages whose text layer is missing or unusable (for OCR).</summary>
    private sealed record TextLayer(
        List<PdfRegion> Regions,
        List<OcrReader.PdfPageRequest> Scanned,
        List<PdfRegion> ScannedRegions,
        int UnreadablePages,
        int PageCount,
        string? Title,
        IReadOnlyList<PdfOutlineHeadings.OutlineEntry> Outline);

    private TextLayer ReadTextLayer(byte[] bytes, string fileName, CancellationToken cancellationToken)
    {
        using var document = Open(bytes, fileName);
        var regions = new List<PdfRegion>();
        var scanned = new List<OcrReader.PdfPageRequest>();
        var scannedRegions = new List<PdfRegion>();
        var unreadablePages = 0;
        var symbols = new PdfSymbolText(document.Structure.TokenScanner, document.Structure.FilterProvider);
        for (var number = 1; number <= document.NumberOfPages; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var page = document.GetPage(number);
                var pageRegions = PdfPageLayout.Read(page, symbols);
                if (NeedsOcr(page, pageRegions))
                {
                    scanned.Add(new OcrReader.PdfPageRequest(number, page.Width, page.Height));
                    scannedRegions.AddRange(pageRegions);
                }
                else
                {
                    regions.AddRange(pageRegions);
                }
            }
            catch (PdfDocumentEncryptedException)
            {
                throw new DocumentRejectedException(DocumentRejections.PdfPasswordProtected);
            }
            catch (Exception ex) when (IsReadFailure(ex))
            {
                // One broken page (a corrupt font or content stream) should not cost the reader every other page.
                unreadablePages++;
                ParsingLog.PdfPageSkipped(logger, fileName, number, ex.GetType());
                ParsingLog.PdfFailureDetails(logger, ex, fileName);
            }
        }

        var outline = regions.Count > 0 || scanned.Count > 0 ? ReadOutline(document, fileName) : [];
        return new TextLayer(regions, scanned, scannedRegions, unreadablePages, document.NumberOfPages, Title(document), outline);
    }

    /// <summary>
    /// A page with an image and too little readable text for its area (a scan, perhaps with a stamped page number),
    /// or whose text layer is mostly glyphs without characters, is a page to read by OCR. A page without any image
    /// has nothing OCR could read.
    /// </summary>
    private bool NeedsOcr(UglyToad.PdfPig.Content.Page page, List<PdfRegion> regions)
    {
        if (!HasImages(page))
        {
            return false;
        }

        var squareInches = page.Width / 72 * (page.Height / 72);
        var minChars = (ocr?.Options.MinCharsPerSquareInch ?? new OcrOptions().MinCharsPerSquareInch) * squareInches;
        var chars = regions.Sum(r => r.Text.Count(char.IsLetterOrDigit));
        if (chars < minChars)
        {
            return true;
        }

        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var garbage = letters.Count(l => l.Value.Any(c => c == '\uFFFD' || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.PrivateUse));
        return letters.Count >= MinLettersForGarbage && garbage >= letters.Count * GarbageShare;
    }

    private static bool HasImages(UglyToad.PdfPig.Content.Page page)
    {
        try
        {
            return page.NumberOfImages > 0;
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            return false;
        }
    }

    private static BlockKind Kind(PdfRegion region) =>
        region.IsTable ? BlockKind.Table : region.IsHeading ? BlockKind.Heading : BlockKind.Paragraph;

    private PdfDocument Open(byte[] bytes, string fileName)
    {
        try
        {
            return PdfDocument.Open(bytes, new PdfPigParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new DocumentRejectedException(DocumentRejections.PdfPasswordProtected);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            ParsingLog.PdfUnreadable(logger, fileName, ex.GetType());
            ParsingLog.PdfFailureDetails(logger, ex, fileName);
            throw new DocumentRejectedException(DocumentRejections.PdfDamaged(Reason(ex)), ex);
        }
    }

    private IReadOnlyList<PdfOutlineHeadings.OutlineEntry> ReadOutline(PdfDocument document, string fileName)
    {
        try
        {
            return PdfOutlineHeadings.Read(document);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            // A broken outline only costs the heading paths; the text is still good.
            ParsingLog.PdfOutlineUnreadable(logger, fileName);
            ParsingLog.PdfFailureDetails(logger, ex, fileName);

            return [];
        }
    }

    private static string? Title(PdfDocument document)
    {
        var title = PdfTextCleanup.Clean(document.Information.Title ?? string.Empty);
        return title.Length == 0 ? null : title;
    }

    /// <summary>
    /// PdfPig reports malformed input with many exception types (its own, but also InvalidOperation, ArgumentOutOfRange,
    /// ...). All of them mean this file cannot be read, which no retry will change; only cancellation and running out
    /// of memory are not about the file.
    /// </summary>
    private static bool IsReadFailure(Exception ex) => ex is not (OperationCanceledException or OutOfMemoryException);

    /// <summary>A reason a person can act on, instead of PdfPig's internal wording (which can quote raw PDF tokens).</summary>
    private static string Reason(Exception ex) =>
        ex is PdfDocumentFormatException && (ex.Message.Contains("xref", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("trailer", StringComparison.OrdinalIgnoreCase))
            ? "it is incomplete (probably truncated during upload or download)"
            : "its internal structure is invalid";
}
