using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using KnowledgeHub.Ingestion.Parsing.Ocr;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Images as documents: each image, or each frame of a multi-page TIFF, is one page read by OCR, with the same
/// blocks, boxes and headings a PDF page gets; frames are decoded here and straightened when askew, as rendered PDF
/// pages are (<see cref="OcrReader"/>). Boxes are in points at 72 DPI: one point per pixel.
/// </summary>
public sealed class ImageParser(OcrReader ocr, ILogger<ImageParser> logger) : IDocumentParser
{
    public ImageParser(OcrReader ocr)
        : this(ocr, NullLogger<ImageParser>.Instance)
    {
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"];

    public Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        ParseAsync(content, fileName, null, cancellationToken);

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, Func<int, int, Task>? progress, CancellationToken cancellationToken = default)
    {
        var bytes = await StreamContent.ReadAllAsync(content, cancellationToken);
        if (bytes.Length == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.Empty);
        }

        if (ocr.WhyOff(pdf: false) is { } off)
        {
            throw new DocumentRejectedException(off);
        }

        var pages = await ocr.ReadImageAsync(bytes, Path.GetExtension(fileName).ToLowerInvariant(), fileName, progress, cancellationToken);
        var regions = pages.SelectMany(p => p.Regions).ToList();
        if (regions.Count == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.ImageNoText);
        }

        PdfFontHeadings.MarkHeadings(regions);
        PdfFontHeadings.AssignPaths(regions);
        var blocks = regions.Select(r => new ParsedBlock(r.Text, r.IsTable ? BlockKind.Table : r.IsHeading ? BlockKind.Heading : BlockKind.Paragraph, r.Page, r.HeadingPath, r.Box)).ToList();
        ParsingLog.PdfParsed(logger, fileName, pages.Count, blocks.Count, false);
        return new ParsedDocument(blocks, pages.Count, null, [.. pages.Select(p => p.Quality)]);
    }
}
