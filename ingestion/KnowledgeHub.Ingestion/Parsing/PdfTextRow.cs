namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The words of a page that share one line, across the whole page width, cut into segments wherever the gap is
/// wider than a word space: the cells of a table row, or the lines of side-by-side columns.
/// </summary>
internal sealed record PdfTextRow(IReadOnlyList<IReadOnlyList<PdfWord>> Segments, double Top, double Bottom)
{
    /// <summary>Where most of the row's words stand (their median lower edge): exponents and marks do not move it.</summary>
    public double Baseline { get; private init; }

    // Superscripts and footnote marks sit higher than their line, but by less than half a word's height.
    private const double SameLine = 0.5;

    /// <param name="unit">The page's typical word height.</param>
    /// <param name="minGap">The narrowest gap that separates segments.</param>
    public static List<PdfTextRow> Read(IEnumerable<PdfWord> words, double unit, double minGap)
    {
        var rows = new List<PdfTextRow>();
        var line = new List<PdfWord>();
        var anchor = 0.0;
        foreach (var word in words.OrderByDescending(w => w.CenterY).ThenBy(w => w.Box.Left))
        {
            if (line.Count > 0 && anchor - word.CenterY > unit * SameLine)
            {
                rows.Add(Cut(line, minGap));
                line = [];
            }

            if (line.Count == 0)
            {
                anchor = word.CenterY;
            }

            line.Add(word);
        }

        if (line.Count > 0)
        {
            rows.Add(Cut(line, minGap));
        }

        return rows;
    }

    private static PdfTextRow Cut(List<PdfWord> line, double minGap)
    {
        var segments = new List<IReadOnlyList<PdfWord>>();
        var segment = new List<PdfWord>();
        var right = double.NegativeInfinity;
        foreach (var word in line.OrderBy(w => w.Box.Left))
        {
            if (segment.Count > 0 && word.Box.Left - right >= minGap)
            {
                segments.Add(segment);
                segment = [];
            }

            segment.Add(word);
            right = Math.Max(right, word.Box.Right);
        }

        segments.Add(segment);
        var bottoms = line.Select(w => w.Box.Bottom).Order().ToList();
        return new PdfTextRow(segments, line.Max(w => w.Box.Top), bottoms[0]) { Baseline = bottoms[bottoms.Count / 2] };
    }
}
