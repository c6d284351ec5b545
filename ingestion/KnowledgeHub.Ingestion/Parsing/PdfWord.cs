using KnowledgeHub.Retrieval;
using UglyToad.PdfPig.Content;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>A word PdfPig found on a page, with its cleaned text and its box clipped to the page.</summary>
internal sealed record PdfWord(Word Source, string Text, PageBox Box)
{
    public double CenterY => (Box.Top + Box.Bottom) / 2;

    /// <summary>Whether it has text once cleaned: PdfPig also reports spaces, and glyphs without a character, as words.</summary>
    public bool HasText => Text.Length > 0;

    /// <summary>The words set on the page. Text placed off the page is never shown, so a box for it would point nowhere.</summary>
    public static List<PdfWord> OnPage(IEnumerable<Word> words, PageBox page)
    {
        var onPage = new List<PdfWord>();
        foreach (var word in words)
        {
            if (BoxOf(word, page) is { } box)
            {
                onPage.Add(new PdfWord(word, PdfTextCleanup.Clean(word.Text), box));
            }
        }

        return onPage;
    }

    private static PageBox? BoxOf(Word word, PageBox page)
    {
        // A rotated word's rectangle has its corners in another order: min and max hold for every orientation.
        var r = word.BoundingBox;
        double[] xs = [r.TopLeft.X, r.TopRight.X, r.BottomLeft.X, r.BottomRight.X];
        double[] ys = [r.TopLeft.Y, r.TopRight.Y, r.BottomLeft.Y, r.BottomRight.Y];
        double left = xs.Min(), right = xs.Max(), bottom = ys.Min(), top = ys.Max();

        // Some fonts give glyphs no height (or width); the point size stands in, so the box still covers the word.
        var size = Math.Max(1, word.Letters.Count == 0 ? 0 : word.Letters.Max(l => l.PointSize));
        if (top - bottom <= 0)
        {
            top = bottom + size;
        }

        if (right - left <= 0)
        {
            right = left + (size / 2);
        }

        var clipped = new PageBox(Math.Max(left, page.Left), Math.Max(bottom, page.Bottom), Math.Min(right, page.Right), Math.Min(top, page.Top));
        return clipped.Width > 0 && clipped.Height > 0 ? clipped : null;
    }
}
