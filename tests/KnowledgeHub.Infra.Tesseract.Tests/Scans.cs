using System.Diagnostics;
using System.Globalization;
using System.Text;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>Scanned test inputs made from real born-digital samples: pages rendered by pdftoppm, rebuilt as images.</summary>
public static class Scans
{
    public const string Tesseract = "/usr/bin/tesseract";
    public const string PdfToPpm = "/usr/bin/pdftoppm";
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

    /// <summary>Page <paramref name="page"/> of a PDF as pdftoppm renders it, grey.</summary>
    public static GreyImage Render(string pdfPath, int page, int dpi = 300)
    {
        var stem = Path.Combine(Path.GetTempPath(), "kh-scan-" + Guid.NewGuid().ToString("N"));
        Run(PdfToPpm, ["-f", Num(page), "-l", Num(page), "-r", Num(dpi), "-gray", "-singlefile", pdfPath, stem]);
        try
        {
            return GreyImage.ReadPgm(stem + ".pgm");
        }
        finally
        {
            File.Delete(stem + ".pgm");
        }
    }

    /// <summary>A PDF whose pages are the given images only, each filling a page of the given size in points.</summary>
    public static byte[] ImagePdf(IEnumerable<(GreyImage Image, double Width, double Height)> pages)
    {
        var builder = new PdfDocumentBuilder();
        foreach (var (image, width, height) in pages)
        {
            var page = builder.AddPage(width, height);
            page.AddPng(image.ToPng(), new PdfRectangle(0, 0, width, height));
        }

        return builder.Build();
    }

    /// <summary>A mixed PDF: page <paramref name="textPage"/> of the source kept as text, <paramref name="scanned"/> as an image page.</summary>
    public static byte[] Mixed(string pdfPath, int textPage, int scannedPage)
    {
        using var source = PdfDocument.Open(pdfPath);
        var builder = new PdfDocumentBuilder();
        builder.AddPage(source, textPage);
        var size = source.GetPage(scannedPage);
        var page = builder.AddPage(size.Width, size.Height);
        page.AddPng(Render(pdfPath, scannedPage).ToPng(), new PdfRectangle(0, 0, size.Width, size.Height));
        return builder.Build();
    }

    public static (double Width, double Height) PageSize(string pdfPath, int page)
    {
        using var document = PdfDocument.Open(pdfPath);
        var p = document.GetPage(page);
        return (p.Width, p.Height);
    }

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

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(program + " did not finish.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {errors.Result}");
        }
    }
}
