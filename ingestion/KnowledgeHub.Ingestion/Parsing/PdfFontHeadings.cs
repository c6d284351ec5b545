namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Headings of PDFs without an outline, from font size alone: a short block set clearly larger than the body text
/// is a heading, and a larger heading encloses the smaller ones that follow it. Deliberately simple: bold-only
/// headings and numbering schemes are not recognised.
/// </summary>
internal static class PdfFontHeadings
{
    private const double HeadingRatio = 1.15;
    private const int MaxHeadingLines = 3;
    private const int MaxHeadingChars = 200;
    private const double SameSize = 0.5;

    public static void MarkHeadings(IReadOnlyList<PdfRegion> regions)
    {
        var body = BodyFontSize(regions);
        foreach (var region in regions)
        {
            region.IsHeading = body > 0
                && !region.IsTable
                && region.FontSize >= body * HeadingRatio
                && region.LineCount <= MaxHeadingLines
                && region.Text.Length <= MaxHeadingChars
                && region.Text.Any(char.IsLetter);
        }
    }

    public static void AssignPaths(IEnumerable<PdfRegion> regions)
    {
        var open = new List<PdfRegion>();
        foreach (var region in regions)
        {
            if (region.IsHeading)
            {
                open.RemoveAll(h => h.FontSize <= region.FontSize + SameSize);
                open.Add(region);
            }

            region.HeadingPath = open.Count == 0 ? null : string.Join(" > ", open.Select(h => h.Text));
        }
    }

    /// <summary>The size most of the text is set in (by characters), to 0.5 pt.</summary>
    private static double BodyFontSize(IEnumerable<PdfRegion> regions) =>
        regions.Where(r => r.FontSize > 0)
            .GroupBy(r => Math.Round(r.FontSize * 2) / 2)
            .Select(g => (Size: g.Key, Chars: g.Sum(r => r.Text.Length)))
            .OrderByDescending(g => g.Chars)
            .ThenBy(g => g.Size)
            .Select(g => g.Size)
            .FirstOrDefault();
}
