using System.Globalization;
using KnowledgeHub.Retrieval;
using UglyToad.PdfPig.Content;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Finds the tick labels of plots drawn on a page ("0 0.2 0.4 0.6", "−10 −5 5 10"): they carry no meaning for a
/// reader of the text, and layout analysis glues them into captions and paragraphs. A tick label is a bare number;
/// the labels of one axis stand on one straight line (horizontal, vertical, or slanted in a 3D plot) at distances
/// that grow with their values, apart from each other, next to drawn graphics. Numbers in running text, a table of
/// contents or a matrix lack at least one of these.
/// </summary>
internal static class PdfPlotAxes
{
    private const int MinLabels = 3;

    // More bare numbers than this on one page is a table of figures, not a plot; the pair search is quadratic.
    private const int MaxCandidates = 300;

    // In label heights: how far a label may stand off the line through its axis (along it, across it beyond half its
    // width: vertical axes align labels on their right edge), how far apart labels stand at least, and how near the
    // graphics must come.
    private const double AlongTolerance = 0.35;
    private const double AcrossTolerance = 0.35;
    private const double MinSpacing = 1.5;
    private const double GraphicsReach = 3.0;
    private const double IsolationGap = 0.6;

    // How much of the labels' extent a drawn line along them must cover.
    private const double AxisCover = 0.8;

    /// <summary>The words of the page that are tick labels of a plot.</summary>
    /// <param name="words">The page's words with text.</param>
    /// <param name="graphics">Boxes of the page's drawn paths.</param>
    public static HashSet<Word> TickLabels(IReadOnlyList<PdfWord> words, IReadOnlyList<PageBox> graphics)
    {
        var labels = new HashSet<Word>(ReferenceEqualityComparer.Instance);
        if (graphics.Count == 0)
        {
            return labels;
        }

        var candidates = words.Select(w => (Word: w, Value: Number(w.Text)))
            .Where(c => c.Value is not null && c.Word.Box.Height > 0)
            .Select(c => new Candidate(c.Word, c.Value!.Value))
            .ToList();
        if (candidates.Count < MinLabels || candidates.Count > MaxCandidates)
        {
            return labels;
        }

        var numbers = new HashSet<Word>(candidates.Select(c => c.Word.Source), ReferenceEqualityComparer.Instance);
        candidates = [.. candidates.Where(c => IsIsolated(c.Word, words, numbers))];
        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = i + 1; j < candidates.Count; j++)
            {
                if (candidates[i].Value == candidates[j].Value
                    || (labels.Contains(candidates[i].Word.Source) && labels.Contains(candidates[j].Word.Source)))
                {
                    continue;
                }

                var axis = Axis(candidates, candidates[i], candidates[j]);
                if (axis.Count >= MinLabels && IsPlotAxis(axis, graphics))
                {
                    labels.UnionWith(axis.Select(c => c.Word.Source));
                }
            }
        }

        return labels;
    }

    /// <summary>The candidates that stand where the axis through a and b puts their values, one per value.</summary>
    private static List<Candidate> Axis(List<Candidate> candidates, Candidate a, Candidate b)
    {
        var stepX = (b.X - a.X) / (b.Value - a.Value);
        var stepY = (b.Y - a.Y) / (b.Value - a.Value);
        var length = Math.Sqrt((stepX * stepX) + (stepY * stepY));
        if (length == 0)
        {
            return [];
        }

        double dirX = stepX / length, dirY = stepY / length;
        var axis = new Dictionary<double, Candidate>();
        foreach (var c in candidates)
        {
            var offX = c.X - (a.X + ((c.Value - a.Value) * stepX));
            var offY = c.Y - (a.Y + ((c.Value - a.Value) * stepY));
            var along = Math.Abs((offX * dirX) + (offY * dirY));
            var across = Math.Abs((offX * dirY) - (offY * dirX));
            var height = c.Word.Box.Height;
            if (along <= height * AlongTolerance && across <= (Math.Max(c.Word.Box.Width, a.Word.Box.Width) / 2) + (height * AcrossTolerance))
            {
                axis.TryAdd(c.Value, c);
            }
        }

        return [.. axis.Values.OrderBy(c => c.Value)];
    }

    /// <summary>Ticks at a regular step (a label may be left out, as 0 where two axes cross), apart, near graphics.</summary>
    private static bool IsPlotAxis(List<Candidate> axis, IReadOnlyList<PageBox> graphics)
    {
        var steps = axis.Zip(axis.Skip(1), (p, n) => n.Value - p.Value).ToList();
        var step = steps.Min();
        if (steps.Any(s => Math.Abs((s / step) - Math.Round(s / step)) > 1e-6))
        {
            return false;
        }

        var height = axis.Max(c => c.Word.Box.Height);
        var spacing = axis.Zip(axis.Skip(1), (p, n) => Math.Sqrt(((n.X - p.X) * (n.X - p.X)) + ((n.Y - p.Y) * (n.Y - p.Y)))).Min();
        if (spacing < height * MinSpacing)
        {
            return false;
        }

        // The axis line (or the plot's frame, or its curve) runs along the labels; fraction bars and table rules
        // beside a column of numbers in a formula do not.
        var box = axis.Select(c => c.Word.Box).Aggregate((x, y) => x.Union(y));
        var spanX = (axis.Max(c => c.X) - axis.Min(c => c.X)) * AxisCover;
        var spanY = (axis.Max(c => c.Y) - axis.Min(c => c.Y)) * AxisCover;
        var reach = height * GraphicsReach;
        var near = new PageBox(box.Left - reach, box.Bottom - reach, box.Right + reach, box.Top + reach);
        return graphics.Any(g => g.Left <= near.Right && g.Right >= near.Left && g.Bottom <= near.Top && g.Top >= near.Bottom
            && g.Width >= spanX && g.Height >= spanY);
    }

    /// <summary>Whether no other word sits right beside it on its line, as words of a sentence or a contents line do.</summary>
    private static bool IsIsolated(PdfWord word, IReadOnlyList<PdfWord> words, HashSet<Word> numbers)
    {
        var gap = word.Box.Height * IsolationGap;
        foreach (var other in words)
        {
            if (numbers.Contains(other.Source))
            {
                continue;
            }

            var sameLine = Math.Min(other.Box.Top, word.Box.Top) - Math.Max(other.Box.Bottom, word.Box.Bottom) > word.Box.Height / 2;
            var beside = other.Box.Left <= word.Box.Right + gap && other.Box.Right >= word.Box.Left - gap;
            if (sameLine && beside)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of a bare number ("12", "−0.5", "0,25"), or null.</summary>
    private static double? Number(string text)
    {
        if (text.Length is 0 or > 12)
        {
            return null;
        }

        var normal = text.Replace('−', '-').Replace(',', '.');
        var digits = normal.StartsWith('-') ? normal[1..] : normal;
        if (digits.Length == 0 || !char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[^1]) || digits.Any(c => !char.IsAsciiDigit(c) && c != '.')
            || digits.Count(c => c == '.') > 1)
        {
            return null;
        }

        return double.Parse(normal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    private sealed record Candidate(PdfWord Word, double Value)
    {
        public double X { get; } = (Word.Box.Left + Word.Box.Right) / 2;

        public double Y { get; } = (Word.Box.Top + Word.Box.Bottom) / 2;
    }
}
