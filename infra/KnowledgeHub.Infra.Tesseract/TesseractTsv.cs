using System.Globalization;
using KnowledgeHub.Ingestion.Parsing.Ocr;

namespace KnowledgeHub.Infra.Tesseract;

/// <summary>
/// Tesseract's TSV output: one row per page, block, paragraph, line and word (level 1 to 5) with its box in pixels;
/// words carry their confidence. Rows come in reading order.
/// </summary>
internal static class TesseractTsv
{
    private const int PageLevel = 1;
    private const int WordLevel = 5;

    public static List<OcrPage> Parse(string tsv)
    {
        var pages = new List<(int Width, int Height, List<OcrWord> Words, Dictionary<(int, int, int), int> Lines)>();
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < 11 || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
            {
                continue;
            }

            var left = Int(cells[6]);
            var top = Int(cells[7]);
            var width = Int(cells[8]);
            var height = Int(cells[9]);
            if (level == PageLevel)
            {
                pages.Add((width, height, [], []));
                continue;
            }

            var text = cells.Length > 11 ? cells[11].Trim() : string.Empty;
            if (level != WordLevel || pages.Count == 0 || text.Length == 0)
            {
                continue;
            }

            var page = pages[^1];
            var key = (Int(cells[2]), Int(cells[3]), Int(cells[4]));
            if (!page.Lines.TryGetValue(key, out var line))
            {
                line = page.Lines.Count;
                page.Lines.Add(key, line);
            }

            var confidence = double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : -1;
            page.Words.Add(new OcrWord(text, left, top, width, height, confidence, line));
        }

        return [.. pages.Select(p => new OcrPage(p.Width, p.Height, p.Words))];
    }

    private static int Int(string cell) => int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
