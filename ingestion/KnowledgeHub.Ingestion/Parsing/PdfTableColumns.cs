using System.Text.RegularExpressions;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Turns candidate rows into a table: column gutters are the x ranges that (almost) no row's segment crosses, each
/// segment becomes the cell of the column it stands in, and the result must look like data rather than text.
/// </summary>
internal static partial class PdfTableColumns
{
    // Prose put in columns has long cells; table cells are mostly a name, a number or a short phrase.
    private const int MaxMedianCellWords = 4;

    // Most cells of a table are filled, with words or numbers; the fragments of a formula leave many cells empty
    // or holding a lone operator.
    private const double MinFilled = 0.7;
    private const double MinAlphanumeric = 0.85;

    // Cells of one column share an edge or a centre (left-aligned text, right-aligned numbers, centred headings).
    private const double AlignTolerance = 0.5;

    /// <param name="unit">The page's typical word height.</param>
    /// <param name="gutters">The empty ranges between columns, from <see cref="Gutters(IReadOnlyList{PdfTextRow}, double)"/>.</param>
    public static PdfTable? Build(IReadOnlyList<PdfTextRow> rows, List<(double Left, double Right)> gutters, double unit)
    {
        var boundaries = gutters.Select(g => (g.Left + g.Right) / 2).ToList();
        var cells = rows.Select(r => Cells(r, boundaries)).ToList();

        // A column that few rows fill is not part of the table (a short line of a neighbouring text column, a
        // stray label); its words go back to the page's other text.
        var columns = Enumerable.Range(0, boundaries.Count + 1)
            .Where(c => cells.Count(r => r[c].Count > 0) * 2 >= rows.Count)
            .ToList();
        if (columns.Count < 2 || cells.Any(r => columns.Count(c => r[c].Count > 0) < 2))
        {
            return null;
        }

        var texts = cells.Select(r => columns.Select(c => CellText(r[c])).ToList()).ToList();
        var filled = texts.SelectMany(r => r).Where(t => t.Length > 0).ToList();
        if (filled.Count < MinFilled * rows.Count * columns.Count
            || filled.Count(t => t.Any(char.IsLetterOrDigit)) < MinAlphanumeric * filled.Count
            || MedianWords(filled) > MaxMedianCellWords
            || (columns.Count == 2 && (IsMarkerColumn(texts, 0) || IsMarkerColumn(texts, 1)))
            || !columns.All(c => IsAligned([.. cells.Where(r => r[c].Count > 0).Select(r => Span(r[c].SelectMany(s => s).ToList()))], unit)))
        {
            return null;
        }

        var words = cells.Select(r => (IReadOnlyList<PdfWord>)[.. columns.SelectMany(c => r[c]).SelectMany(s => s)]).ToList();
        var box = words.SelectMany(w => w).Select(w => w.Box).Aggregate((a, b) => a.Union(b));
        var text = TableText.Table(texts.Select(TableText.Row));
        return text is null ? null : new PdfTable(text, box, words);
    }

    /// <summary>
    /// The x ranges between columns, left to right. A gutter is a range at least <paramref name="minGap"/> wide that
    /// no row crosses; a cell spanning several columns may cross one in a few rows (a quarter of them), as long as
    /// the range holds no narrower gutter of its own.
    /// </summary>
    public static List<(double Left, double Right)> Gutters(IReadOnlyList<PdfTextRow> rows, double minGap)
    {
        var spans = rows.Select(r => r.Segments.Select(Span).ToList()).ToList();
        var edges = spans.SelectMany(r => r).SelectMany(s => new[] { s.Left, s.Right }).Distinct().Order().ToList();
        var allowance = rows.Count / 4;
        var gutters = new List<(double Left, double Right)>();
        var low = new List<(double Left, double Right, int Rows)>();
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            var (left, right) = (edges[i], edges[i + 1]);
            var crossing = spans.Count(r => r.Any(s => s.Left <= left && s.Right >= right));
            if (crossing <= allowance)
            {
                low.Add((left, right, crossing));
                continue;
            }

            // A low range at the table's left edge is a cell sticking out, not a gutter (so is one still open
            // when the loop ends, at the right edge).
            if (low.Count > 0 && low[0].Left > edges[0])
            {
                gutters.AddRange(Gutters(low, minGap));
            }

            low.Clear();
        }

        return gutters;
    }

    /// <summary>The gutters in a range that at most a few rows cross.</summary>
    private static List<(double Left, double Right)> Gutters(List<(double Left, double Right, int Rows)> low, double minGap)
    {
        var empty = new List<(double Left, double Right)>();
        foreach (var range in low.Where(r => r.Rows == 0))
        {
            if (empty.Count > 0 && empty[^1].Right == range.Left)
            {
                empty[^1] = (empty[^1].Left, range.Right);
            }
            else
            {
                empty.Add((range.Left, range.Right));
            }
        }

        var gutters = empty.Where(e => e.Right - e.Left >= minGap).ToList();
        if (gutters.Count == 0 && low[^1].Right - low[0].Left >= minGap)
        {
            gutters.Add((low[0].Left, low[^1].Right));
        }

        return gutters;
    }

    /// <summary>The segments of a row by column: a cell with a wide gap inside gives its column two.</summary>
    private static List<List<IReadOnlyList<PdfWord>>> Cells(PdfTextRow row, List<double> boundaries)
    {
        var cells = Enumerable.Range(0, boundaries.Count + 1).Select(_ => new List<IReadOnlyList<PdfWord>>()).ToList();
        foreach (var segment in row.Segments)
        {
            var (left, right) = Span(segment);
            var center = (left + right) / 2;
            cells[boundaries.Count(b => b < center)].Add(segment);
        }

        return cells;
    }

    /// <summary>At least half of the column's cells line up on one edge or on their centre.</summary>
    private static bool IsAligned(List<(double Left, double Right)> cells, double unit)
    {
        var tolerance = unit * AlignTolerance;
        return new Func<(double Left, double Right), double>[] { c => c.Left, c => c.Right, c => (c.Left + c.Right) / 2 }
            .Any(edge => cells.Max(a => cells.Count(b => Math.Abs(edge(a) - edge(b)) <= tolerance)) * 2 >= cells.Count);
    }

    private static (double Left, double Right) Span(IReadOnlyList<PdfWord> segment) =>
        (segment.Min(w => w.Box.Left), segment.Max(w => w.Box.Right));

    private static string CellText(List<IReadOnlyList<PdfWord>> segments) =>
        TableText.Cell(string.Join(' ', segments.SelectMany(s => s).Select(w => w.Text)));

    private static int MedianWords(List<string> cells)
    {
        var counts = cells.Select(c => c.Split(' ').Length).Order().ToList();
        return counts.Count == 0 ? 0 : counts[counts.Count / 2];
    }

    /// <summary>Bullets, list numbers or equation numbers down one side: a list or displayed maths, not a table.</summary>
    private static bool IsMarkerColumn(List<List<string>> rows, int column) =>
        rows.All(r => r[column].Length == 0 || Marker().IsMatch(r[column]));

    [GeneratedRegex(@"^([•·▪‣◦○■□–—*-]|\(?[0-9]{1,3}(\.[0-9]{1,3})*[.)]|\([0-9]{1,3}(\.[0-9]{1,3})*\)|\(?[a-z][.)]|\([ivx]{1,4}\)|[ivx]{1,4}\.)$", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
