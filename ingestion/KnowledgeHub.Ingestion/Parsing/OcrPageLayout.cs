using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.Retrieval;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Colors;
using UglyToad.PdfPig.PdfFonts;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Turns what OCR read on one page into the regions a born-digital page gives: the words become PdfPig words in PDF
/// points and go through <see cref="PdfPageLayout"/> (tables, XY-cut, reading order, font sizes for headings).
/// A page scanned sideways or upside down is read upright (Tesseract's OSD already read its words in the right
/// order; their boxes are turned back here), and the regions' boxes are turned back onto the page as it is stored,
/// so a citation's box lands on the scan.
/// </summary>
internal static class OcrPageLayout
{
    private static readonly FontDetails OcrFont = new("OCR", false, FontDetails.DefaultWeight, false);

    /// <summary>Degrees the page must be turned clockwise to read it: 0, 90, 180 or 270.</summary>
    public static int Rotation(OcrPage page)
    {
        // Each line votes with the direction its words run in: a page turned 90° has lines running down the image.
        var votes = new double[4];
        foreach (var line in page.Words.GroupBy(w => w.Line))
        {
            var words = line.ToList();
            if (words.Count < 2)
            {
                continue;
            }

            double dx = CenterX(words[^1]) - CenterX(words[0]), dy = CenterY(words[^1]) - CenterY(words[0]);
            var weight = words.Sum(w => w.Text.Length);
            votes[Math.Abs(dx) >= Math.Abs(dy) ? (dx >= 0 ? 0 : 2) : (dy >= 0 ? 1 : 3)] += weight;
        }

        var best = 0;
        for (var i = 1; i < 4; i++)
        {
            if (votes[i] > votes[best])
            {
                best = i;
            }
        }

        return best * 90;
    }

    /// <param name="pageWidth">The page's width in PDF points (for an image: its width in pixels at 72 DPI).</param>
    public static List<PdfRegion> Read(OcrPage page, int pageNumber, double pageWidth, double pageHeight)
    {
        if (page.Words.Count == 0 || page.Width <= 0 || page.Height <= 0)
        {
            return [];
        }

        var rotation = Rotation(page);
        double scaleX = pageWidth / page.Width, scaleY = pageHeight / page.Height;
        var (uprightWidth, uprightHeight) = rotation is 90 or 270 ? (pageHeight, pageWidth) : (pageWidth, pageHeight);
        var upright = new PageBox(0, 0, uprightWidth, uprightHeight);

        var words = new List<Word>();
        foreach (var line in JoinCjk(page.Words).GroupBy(w => w.Line))
        {
            var boxes = line.Select(w => (Word: w, Box: Turn(ToPoints(w, scaleX, scaleY, pageHeight), rotation, pageWidth, pageHeight))).ToList();

            // Every word of a line gets the line's top and bottom: with their own, a word with a descender ("Explicit")
            // sits lower than its neighbours and layout analysis, which orders a line's words by height first, moves it.
            double top = boxes.Max(b => b.Box.Top), bottom = boxes.Min(b => b.Box.Bottom);
            foreach (var (word, box) in boxes)
            {
                words.Add(ToPdfPigWord(word.Text, box with { Top = top, Bottom = bottom }, top - bottom));
            }
        }

        var regions = PdfPageLayout.Read(PdfWord.OnPage(words, upright), pageNumber, () => []);
        if (rotation != 0)
        {
            foreach (var i in Enumerable.Range(0, regions.Count))
            {
                regions[i] = regions[i] with { Box = TurnBack(regions[i].Box, rotation, pageWidth, pageHeight) };
            }
        }

        return regions;
    }

    /// <summary>Mean confidence of the words read (0-100); null when none were.</summary>
    public static double? MeanConfidence(OcrPage page)
    {
        var words = page.Words.Where(w => w.Text.Length > 0 && w.Confidence >= 0).ToList();
        return words.Count == 0 ? null : Math.Round(words.Average(w => w.Confidence), 1);
    }

    /// <summary>
    /// Tesseract reads Chinese one character per "word" and puts a space between them; running text in Chinese has
    /// none, and keyword search needs the characters together. Neighbours on one line join where typed text would
    /// have no space between them (<see cref="RunningText.Separator"/>).
    /// </summary>
    internal static List<OcrWord> JoinCjk(IEnumerable<OcrWord> words)
    {
        var joined = new List<OcrWord>();
        foreach (var word in words)
        {
            if (word.Text.Length == 0)
            {
                continue;
            }

            if (joined.Count > 0 && joined[^1] is { } last && last.Line == word.Line && RunningText.Separator(last.Text, word.Text).Length == 0)
            {
                int left = Math.Min(last.Left, word.Left), top = Math.Min(last.Top, word.Top);
                int right = Math.Max(last.Left + last.Width, word.Left + word.Width), bottom = Math.Max(last.Top + last.Height, word.Top + word.Height);
                var confidence = ((last.Confidence * last.Text.Length) + (word.Confidence * word.Text.Length)) / (last.Text.Length + word.Text.Length);
                joined[^1] = new OcrWord(last.Text + word.Text, left, top, right - left, bottom - top, confidence, word.Line);
                continue;
            }

            joined.Add(word);
        }

        return joined;
    }

    private static double CenterX(OcrWord w) => w.Left + (w.Width / 2.0);

    private static double CenterY(OcrWord w) => w.Top + (w.Height / 2.0);

    /// <summary>Pixels (y down) to PDF points (y up) on the page as stored.</summary>
    private static PageBox ToPoints(OcrWord w, double scaleX, double scaleY, double pageHeight) =>
        new(w.Left * scaleX, pageHeight - ((w.Top + w.Height) * scaleY), (w.Left + w.Width) * scaleX, pageHeight - (w.Top * scaleY));

    /// <summary>A box on the stored page to the same box on the page turned upright.</summary>
    private static PageBox Turn(PageBox b, int rotation, double width, double height) => rotation switch
    {
        90 => Box(height - b.Top, b.Left, height - b.Bottom, b.Right),
        180 => Box(width - b.Right, height - b.Top, width - b.Left, height - b.Bottom),
        270 => Box(b.Bottom, width - b.Right, b.Top, width - b.Left),
        _ => b,
    };

    /// <summary>The inverse of <see cref="Turn"/>.</summary>
    private static PageBox TurnBack(PageBox b, int rotation, double width, double height) => rotation switch
    {
        90 => Box(b.Bottom, height - b.Right, b.Top, height - b.Left),
        180 => Box(width - b.Right, height - b.Top, width - b.Left, height - b.Bottom),
        270 => Box(width - b.Top, b.Left, width - b.Bottom, b.Right),
        _ => b,
    };

    private static PageBox Box(double x1, double y1, double x2, double y2) =>
        new(Math.Min(x1, x2), Math.Min(y1, y2), Math.Max(x1, x2), Math.Max(y1, y2));

    /// <summary>
    /// One letter for the whole word: layout analysis needs the word's box and size, not its glyphs. The line's height
    /// stands in for the point size, so all words of a line share one size, as typeset text does.
    /// </summary>
    private static Word ToPdfPigWord(string text, PageBox box, double lineHeight)
    {
        var rectangle = new PdfRectangle(box.Left, box.Bottom, box.Right, box.Top);
        var letter = new Letter(
            text,
            rectangle,
            rectangle,
            new PdfPoint(box.Left, box.Bottom),
            new PdfPoint(box.Right, box.Bottom),
            box.Width,
            lineHeight,
            OcrFont,
            TextRenderingMode.Fill,
            GrayColor.Black,
            GrayColor.Black,
            lineHeight,
            0);
        return new Word([letter]);
    }
}
