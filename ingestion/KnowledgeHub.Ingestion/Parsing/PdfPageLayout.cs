using System.Text.RegularExpressions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Text blocks of one page in reading order. Recursive XY-cut segments the page because it separates columns at
/// the whitespace gutter; Docstrum (tried on the multi-column sample) merged lines across both columns.
/// </summary>
internal static partial class PdfPageLayout
{
    private const double SameFontSize = 0.5;

    public static List<PdfRegion> Read(Page page)
    {
        var regions = new List<PdfRegion>();
        var letters = page.Letters;
        if (letters.Count == 0)
        {
            return regions;
        }

        var words = NearestNeighbourWordExtractor.Instance.GetWords(letters);
        var blocks = RecursiveXYCut.Instance.GetBlocks(words);
        foreach (var block in UnsupervisedReadingOrderDetector.Instance.Get(blocks))
        {
            var text = PdfTextCleanup.JoinLines(block.TextLines.Select(l => l.Text));
            if (text.Length > 0)
            {
                var blockLetters = block.TextLines.SelectMany(l => l.Words).SelectMany(w => w.Letters);
                regions.Add(new PdfRegion(text, page.Number, MedianPointSize(blockLetters), block.BoundingBox.Top, block.BoundingBox.Bottom, block.TextLines.Count));
            }
        }

        if (regions.Count == 0)
        {
            var text = PdfTextCleanup.Clean(page.Text);
            if (text.Length > 0)
            {
                regions.Add(new PdfRegion(text, page.Number, MedianPointSize(letters), page.Height, 0, 1));
            }
        }

        DropPageNumber(regions);
        regions.RemoveAll(r => !r.Text.Any(char.IsLetterOrDigit));
        return MergeLineFragments(regions);
    }

    /// <summary>
    /// XY-cut cuts table rows and contents lines into one block per cell ("1.1", "Topologische Räume", "3"). Joining
    /// neighbours that sit on one line in one font size gives the line back.
    /// </summary>
    private static List<PdfRegion> MergeLineFragments(List<PdfRegion> regions)
    {
        var merged = new List<PdfRegion>(regions.Count);
        foreach (var region in regions)
        {
            var last = merged.Count > 0 ? merged[^1] : null;
            if (last is not null && last.LineCount == 1 && region.LineCount == 1
                && Math.Abs(last.FontSize - region.FontSize) <= SameFontSize && last.Bottom < region.Top && region.Bottom < last.Top)
            {
                merged[^1] = last with
                {
                    Text = last.Text + CjkText.Separator(last.Text, region.Text) + region.Text,
                    Top = Math.Max(last.Top, region.Top),
                    Bottom = Math.Min(last.Bottom, region.Bottom),
                };
                continue;
            }

            merged.Add(region);
        }

        return merged;
    }

    private static double MedianPointSize(IEnumerable<Letter> letters)
    {
        var sizes = letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(l => l.PointSize).Order().ToList();
        return sizes.Count == 0 ? 0 : sizes[sizes.Count / 2];
    }

    /// <summary>A bare number as the lowest or highest block of a page is a page number: noise inside a passage.</summary>
    private static void DropPageNumber(List<PdfRegion> regions)
    {
        if (regions.Count < 2)
        {
            return;
        }

        var lowest = regions.MinBy(r => r.Bottom)!;
        var highest = regions.MaxBy(r => r.Top)!;
        regions.RemoveAll(r => (ReferenceEquals(r, lowest) || ReferenceEquals(r, highest)) && PageNumber().IsMatch(r.Text));
    }

    [GeneratedRegex(@"^(page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(/|of)\s*\d{1,4})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();
}
