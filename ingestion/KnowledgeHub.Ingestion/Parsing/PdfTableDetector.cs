namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Finds simple tables on a page from word positions alone (ruling lines are often missing): at least three
/// consecutive lines, each cut into two or more segments by wide gaps, whose segments line up in columns. Layout
/// analysis cannot do this: it cuts a table at its column gutters and reads it column by column.
/// </summary>
internal static class PdfTableDetector
{
    private const int MinRows = 3;

    // Gaps are measured in the page's typical word height (about 0.7 em): a word space is about half of that, the
    // gap between table columns (12 pt in LaTeX, 10 pt in Google Docs at 11 pt type) more than one.
    private const double ColumnGap = 1.0;

    // Rows of a table can be padded apart, but not by more than a few lines.
    private const double MaxRowGap = 3.0;

    // A segment this long is a line of running text (for instance one of two text columns), not a cell.
    private const int ProseWords = 7;

    // Table rows follow each other at a steady pitch of at least a line; the pieces of a formula (limits,
    // exponents, fraction bars) stack at irregular, often smaller distances.
    private const double MinRowPitch = 1.2;
    private const double MaxPitchRatio = 2.0;

    public static List<PdfTable> Find(IReadOnlyList<PdfWord> words)
    {
        var tables = new List<PdfTable>();
        var heights = words.Select(w => w.Box.Height).Order().ToList();
        if (heights.Count < MinRows * 2)
        {
            return tables;
        }

        var unit = heights[heights.Count / 2];
        var lines = PdfTextRow.Read(words.Where(w => !IsLeader(w.Text)), unit, unit * ColumnGap);
        var start = 0;
        for (var i = 0; i <= lines.Count; i++)
        {
            var isRow = i < lines.Count && Cells(lines[i]).Segments.Count >= 2;
            if (isRow && i > start && lines[i - 1].Bottom - lines[i].Top <= unit * MaxRowGap)
            {
                continue;
            }

            if (i - start >= MinRows && Table(lines, start, i, unit) is { } table)
            {
                tables.Add(table);
            }

            start = isRow ? i : i + 1;
        }

        return tables;
    }

    /// <summary>The table made of lines [start, end), if they form one.</summary>
    private static PdfTable? Table(List<PdfTextRow> lines, int start, int end, double unit)
    {
        var run = lines[start..end].Select(Cells).ToList();
        if (!HasSteadyPitch(run, unit))
        {
            return null;
        }

        var gutters = PdfTableColumns.Gutters(run, unit * ColumnGap);
        if (gutters.Count == 0 || ContinuesOutside(gutters, start > 0 ? lines[start - 1] : null, end < lines.Count ? lines[end] : null))
        {
            return null;
        }

        return PdfTableColumns.Build(run, gutters, unit);
    }

    /// <summary>The line's segments that can be cells.</summary>
    private static PdfTextRow Cells(PdfTextRow line) => line with { Segments = [.. line.Segments.Where(s => s.Count < ProseWords)] };

    /// <summary>
    /// Whether the gutters run on through the lines just above and below: then they belong to a page set in
    /// columns (an index, a list), and the "rows" are unrelated lines that happen to sit side by side. A table ends
    /// where it ends: its caption, or the paragraph next to it, spans at least one of its gutters.
    /// </summary>
    private static bool ContinuesOutside(List<(double Left, double Right)> gutters, PdfTextRow? above, PdfTextRow? below)
    {
        PdfTextRow?[] neighbours = [above, below];
        return neighbours.Any(n => n is not null)
            && !neighbours.OfType<PdfTextRow>().Any(n => n.Segments.Any(s => gutters.Any(g => s[0].Box.Left <= g.Left && s.Max(w => w.Box.Right) >= g.Right)));
    }

    private static bool HasSteadyPitch(List<PdfTextRow> run, double unit)
    {
        var pitches = run.Zip(run.Skip(1), (above, below) => above.Baseline - below.Baseline).ToList();
        return pitches.Min() >= unit * MinRowPitch && pitches.Max() <= pitches.Min() * MaxPitchRatio;
    }

    /// <summary>Dot leaders of a table of contents: they link cells, they are not one.</summary>
    private static bool IsLeader(string text) => text.All(c => c is '.' or '·' or '…' or '․' or '_');
}
