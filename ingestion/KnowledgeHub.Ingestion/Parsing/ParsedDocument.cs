using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.Retrieval;
namespace KnowledgeHub.Ingestion.Parsing;

public enum BlockKind
{
    Paragraph,
    Heading,
    Table,
}

/// <summary>A run of text from the source in reading order: a paragraph, a heading or a table.</summary>
/// <param name="Page">1-based page for paged formats (PDF); null otherwise.</param>
/// <param name="HeadingPath">
/// Headings enclosing this block, outermost first, joined by " > "; null when none. A heading block's own path ends
/// with itself, so a heading and the blocks under it share one path (one section).
/// </param>
/// <param name="Box">Where the block stands on its page (PDF); null for formats without a page layout.</param>
public sealed record ParsedBlock(string Text, BlockKind Kind = BlockKind.Paragraph, int? Page = null, string? HeadingPath = null, PageBox? Box = null);

/// <param name="PageCount">Pages in the source for paged formats; null otherwise.</param>
/// <param name="OcrPages">The pages read by OCR (scans, images), in page order; null when none were.</param>
public sealed record ParsedDocument(IReadOnlyList<ParsedBlock> Blocks, int? PageCount = null, string? Title = null, IReadOnlyList<OcrPageQuality>? OcrPages = null);
