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

    private readonly ILogger<PdfParser> logger;

    public PdfParser()
        : this(NullLogger<PdfParser>.Instance)
    {
    }

    public PdfParser(ILogger<PdfParser> logger)
    {
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
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

        return await Task.Run(() => Parse(bytes, fileName, cancellationToken), cancellationToken);
    }

    private ParsedDocument Parse(byte[] bytes, string fileName, CancellationToken cancellationToken)
    {
        using var document = Open(bytes, fileName);
        var regions = new List<PdfRegion>();
        var unreadablePages = 0;
        var symbols = new PdfSymbolText(document.Structure.TokenScanner, document.Structure.FilterProvider);
        for (var number = 1; number <= document.NumberOfPages; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                regions.AddRange(PdfPageLayout.Read(document.GetPage(number), symbols));
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

        if (regions.Count == 0)
        {
            throw new DocumentRejectedException(unreadablePages > 0
                ? DocumentRejections.PdfDamaged("none of its pages could be read")
                : DocumentRejections.PdfNoText);
        }

        PdfFontHeadings.MarkHeadings(regions);
        var outline = ReadOutline(document, fileName);
        if (outline.Count > 0)
        {
            PdfOutlineHeadings.AssignPaths(regions, outline);
        }
        else
        {
            PdfFontHeadings.AssignPaths(regions);
        }

        var blocks = regions
            .Select(r => new ParsedBlock(r.Text, Kind(r), r.Page, r.HeadingPath, r.Box))
            .ToList();
        ParsingLog.PdfParsed(logger, fileName, document.NumberOfPages, blocks.Count, outline.Count > 0);
        return new ParsedDocument(blocks, document.NumberOfPages, Title(document));
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
