using System.Text;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>Scanned test inputs made from real born-digital samples: pages rendered by pdftoppm, rebuilt as images.</summary>
public static class Scans
{
    public const string Chromium = "/usr/bin/chromium";

    public static OcrReader Reader(Action<OcrOptions>? configure = null)
    {
        var options = new OcrOptions();
        configure?.Invoke(options);
        var wrapped = Options.Create(options);
        return new OcrReader(
            wrapped,
            NullLogger<OcrReader>.Instance,
            new TesseractOcrEngine(wrapped, NullLogger<TesseractOcrEngine>.Instance),
            new PdfToPpmRenderer(wrapped, NullLogger<PdfToPpmRenderer>.Instance));
    }

    public static PdfParser PdfParser(OcrReader reader) => new(NullLogger<PdfParser>.Instance, reader);

    public static GreyImage Render(string pdfPath, int page, int dpi = 300) => ScannedPages.Render(pdfPath, page, dpi);

    public static byte[] ImagePdf(IEnumerable<(GreyImage Image, double Width, double Height)> pages) => ScannedPages.ImagePdf(pages);

    public static byte[] Mixed(string pdfPath, int textPage, int scannedPage) => ScannedPages.Mixed(pdfPath, textPage, scannedPage);

    public static (double Width, double Height) PageSize(string pdfPath, int page) => ScannedPages.PageSize(pdfPath, page);

    /// <summary>The born-digital text of a page, as the product reads it without OCR.</summary>
    public static async Task<string> TextLayer(byte[] pdf, int page)
    {
        var parsed = await new PdfParser().ParseAsync(new MemoryStream(pdf), "source.pdf");
        return string.Join(' ', parsed.Blocks.Where(b => b.Page == page).Select(b => b.Text));
    }

    /// <summary>A born-digital PDF of Chinese text, printed by Chromium with the WenQuanYi font CI installs.</summary>
    public static byte[] ChinesePdf(string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kh-zh-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var html = new StringBuilder("<html><head><meta charset=\"utf-8\"><style>body{font-family:'WenQuanYi Micro Hei';font-size:14pt}</style></head><body>");
            foreach (var line in text.Split('\n').Where(l => l.Trim().Length > 0))
            {
                html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(line.Trim())).Append("</p>");
            }

            html.Append("</body></html>");
            var page = Path.Combine(folder, "zh.html");
            File.WriteAllText(page, html.ToString());
            var pdf = Path.Combine(folder, "zh.pdf");
            Run(Chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=" + Path.Combine(folder, "profile"), "--print-to-pdf=" + pdf, page]);
            return File.ReadAllBytes(pdf);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Character error rate: edit distance between the two texts over the reference's length, after collapsing
    /// whitespace (and, for Chinese, removing it, since Chinese has none between words).
    /// </summary>
    public static double CharacterErrorRate(string reference, string recognised, bool removeSpaces = false)
    {
        string Normal(string s) => removeSpaces
            ? string.Concat(s.Where(c => !char.IsWhiteSpace(c)))
            : string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var a = Normal(reference);
        var b = Normal(recognised);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return a.Length == 0 ? 1 : (double)previous[b.Length] / a.Length;
    }

    private static void Run(string program, IEnumerable<string> arguments) => ScannedPages.Run(program, arguments);
}
