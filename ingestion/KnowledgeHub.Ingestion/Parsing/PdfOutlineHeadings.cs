using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Heading paths from the PDF's bookmarks (outline), which state the author's structure directly. Each bookmark
/// points at a page and usually a y position; walking the blocks in reading order, a bookmark becomes the current
/// section once a block at or below its position is reached.
/// </summary>
internal static class PdfOutlineHeadings
{
    // Destinations usually point a little above the heading's glyphs; this absorbs the gap.
    private const double PositionTolerance = 4;

    public static IReadOnlyList<OutlineEntry> Read(PdfDocument document)
    {
        if (!document.TryGetBookmarks(out var bookmarks) || bookmarks is null)
        {
            return [];
        }

        var entries = new List<OutlineEntry>();
        foreach (var root in bookmarks.Roots)
        {
            Collect(root, [], entries, document.NumberOfPages);
        }

        // Stable: bookmarks at the same position keep their outline order.
        return [.. entries.OrderBy(e => e.Page).ThenByDescending(e => e.Top)];
    }

    public static void AssignPaths(IEnumerable<PdfRegion> regions, IReadOnlyList<OutlineEntry> entries)
    {
        string? path = null;
        var next = 0;
        foreach (var region in regions)
        {
            OutlineEntry? reached = null;
            while (next < entries.Count && (entries[next].Page < region.Page || (entries[next].Page == region.Page && entries[next].Top + PositionTolerance >= region.Top)))
            {
                reached = entries[next++];
            }

            if (reached is not null)
            {
                path = reached.Path;
                region.IsHeading |= region.Page == reached.Page && TitleMatches(region.Text, reached.Title);
            }

            region.HeadingPath = path;
        }
    }

    private static void Collect(BookmarkNode node, List<string> ancestors, List<OutlineEntry> entries, int pageCount)
    {
        var title = PdfTextCleanup.Clean(node.Title ?? string.Empty);
        var trail = title.Length == 0 ? ancestors : [.. ancestors, title];
        if (title.Length > 0 && node is DocumentBookmarkNode { PageNumber: var page } document && page >= 1 && page <= pageCount)
        {
            var top = document.Destination.Coordinates.Top ?? double.MaxValue;
            entries.Add(new OutlineEntry(page, top, title, string.Join(" > ", trail)));
        }

        foreach (var child in node.Children)
        {
            Collect(child, trail, entries, pageCount);
        }
    }

    /// <summary>"1.2 Scope" is the block for bookmark "Scope"; numbering is often left out of bookmark titles.</summary>
    private static bool TitleMatches(string blockText, string title) =>
        blockText.Length <= title.Length + 16 && blockText.EndsWith(title, StringComparison.OrdinalIgnoreCase);

    internal sealed record OutlineEntry(int Page, double Top, string Title, string Path);
}
