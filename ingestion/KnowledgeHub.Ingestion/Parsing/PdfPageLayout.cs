using KnowledgeHub.Retrieval;
using System.Text.RegularExpressions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Text blocks of one page in reading order, each with its box. Recursive XY-cut segments the page because it
/// separates columns at the whitespace gutter; Docstrum (tried on the multi-column sample) merged lines across both
/// columns. The same gutters cut a table into its columns, so tables are found first and XY-cut reads the rest.
/// </summary>
internal static partial class PdfPageLayout
{
    private const double SameFontSize = 0.5;

    // A path this close to the page's size is a frame or background, not a figure.
    private const double PageFrame = 0.9;

    public static List<PdfRegion> Read(Page page, PdfSymbolText symbols)
    {
        var letters = symbols.Letters(page);
        var onPage = letters.Count == 0
            ? []
            : PdfWord.OnPage(NearestNeighbourWordExtractor.Instance.GetWords(letters), new PageBox(0, 0, page.Width, page.Height));
        return Read(onPage, page.Number, () => Graphics(page));
    }

    /// <summary>
    /// The same for words that did not come from the page's text layer (OCR), so that scanned and born-digital pages
    /// go through one layout analysis.
    /// </summary>
    /// <param name="graphics">The boxes of drawn figures, asked for only when the page has words.</param>
    public static List<PdfRegion> Read(List<PdfWord> onPage, int pageNumber, Func<List<PageBox>> graphics)
    {
        var regions = new List<PdfRegion>();
        var words = onPage.Where(w => w.HasText).ToList();
        if (words.Count == 0)
        {
            return regions;
        }

        var boxes = new Dictionary<Word, PageBox>(ReferenceEqualityComparer.Instance);
        foreach (var word in words)
        {
            boxes[word.Source] = word.Box;
        }

        var tables = PdfTableDetector.Find(words);
        var tableWords = new HashSet<Word>(tables.SelectMany(t => t.Rows).SelectMany(r => r).Select(w => w.Source), ReferenceEqualityComparer.Instance);

        // Tick labels are dropped, not kept as a block of their own: "0 0.2 0.4" tells a reader of the text nothing,
        // and the chunker would join such a block to the caption or paragraph next to it.
        var tickLabels = PdfPlotAxes.TickLabels([.. words.Where(w => !tableWords.Contains(w.Source))], graphics());

        // Words without text stay in: symbols that map to no character (common in formulas) still hold a place on
        // the line, and without them XY-cut cuts through the gaps they leave.
        var rest = onPage.Where(w => !tableWords.Contains(w.Source) && !tickLabels.Contains(w.Source)).Select(w => w.Source).ToList();
        var blocks = rest.Count == 0 ? [] : RecursiveXYCut.Instance.GetBlocks(rest).ToList();

        // A table takes part in reading order as one block, so it stands where its rows stand among the text.
        var tableBlocks = new Dictionary<TextBlock, PdfTable>(ReferenceEqualityComparer.Instance);
        foreach (var table in tables)
        {
            var block = new TextBlock([.. table.Rows.Select(r => new TextLine([.. r.Select(w => w.Source)]))]);
            tableBlocks.Add(block, table);
            blocks.Add(block);
        }

        foreach (var block in UnsupervisedReadingOrderDetector.Instance.Get(blocks))
        {
            var region = tableBlocks.TryGetValue(block, out var table) ? TableRegion(table, pageNumber) : TextRegion(block, boxes, pageNumber);
            if (region is not null)
            {
                regions.Add(region);
            }
        }

        if (regions.Count == 0 && words.Any(w => !tickLabels.Contains(w.Source)))
        {
            words = [.. words.Where(w => !tickLabels.Contains(w.Source))];
            var text = PdfTextCleanup.Clean(string.Join(' ', words.Select(w => w.Text)));
            regions.Add(new PdfRegion(text, pageNumber, MedianPointSize(words.SelectMany(w => w.Source.Letters)), Union(words.Select(w => w.Box)), 1));
        }

        DropPageNumber(regions);
        regions.RemoveAll(r => !r.Text.Any(HasMeaning));
        return MergeLineFragments(regions);
    }

    /// <summary>
    /// Letters and digits carry a block; so does a math symbol (a formula split by layout analysis can leave "∈" or
    /// "⇒" alone in a block). Rules, bullets and dashes alone are decoration.
    /// </summary>
    private static bool HasMeaning(char c) =>
        char.IsLetterOrDigit(c) || (c > '\u007F' && char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.MathSymbol);

    private static PdfRegion TableRegion(PdfTable table, int page)
    {
        var words = table.Rows.SelectMany(r => r).ToList();
        return new PdfRegion(table.Text, page, MedianPointSize(words.SelectMany(w => w.Source.Letters)), table.Box, table.Rows.Count) { IsTable = true };
    }

    private static PdfRegion? TextRegion(TextBlock block, Dictionary<Word, PageBox> boxes, int page)
    {
        var text = PdfTextCleanup.JoinLines(block.TextLines.Select(l => l.Text));
        var words = block.TextLines.SelectMany(l => l.Words).Where(boxes.ContainsKey).ToList();
        return text.Length == 0 || words.Count == 0
            ? null
            : new PdfRegion(text, page, MedianPointSize(words.SelectMany(w => w.Letters)), Union(words.Select(w => boxes[w])), block.TextLines.Count);
    }

    /// <summary>The boxes of the page's drawn paths, less any that frame the whole page.</summary>
    private static List<PageBox> Graphics(Page page)
    {
        var boxes = new List<PageBox>();
        foreach (var path in page.Paths)
        {
            if (path.GetBoundingRectangle() is { } r && !(r.Width >= page.Width * PageFrame && r.Height >= page.Height * PageFrame))
            {
                boxes.Add(new PageBox(r.Left, r.Bottom, r.Right, r.Top));
            }
        }

        return boxes;
    }

    private static PageBox Union(IEnumerable<PageBox> boxes) => boxes.Aggregate((a, b) => a.Union(b));

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
            if (last is not null && last.LineCount == 1 && region.LineCount == 1 && !last.IsTable && !region.IsTable
                && Math.Abs(last.FontSize - region.FontSize) <= SameFontSize && last.Bottom < region.Top && region.Bottom < last.Top)
            {
                merged[^1] = last with
                {
                    Text = last.Text + RunningText.Separator(last.Text, region.Text) + region.Text,
                    Box = last.Box.Union(region.Box),
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
