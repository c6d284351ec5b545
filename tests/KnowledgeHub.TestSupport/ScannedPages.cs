using System.Diagnostics;
using System.Globalization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace KnowledgeHub.TestSupport;

/// <summary>Scanned test inputs made from real born-digital samples: pages rendered by pdftoppm, rebuilt as image-only PDFs.</summary>
public static class ScannedPages
{
    public const string Tesseract = "/usr/bin/tesseract";
    public const string PdfToPpm = "/usr/bin/pdftoppm";

    /// <summary>Why OCR tests cannot run here (programs or data missing); null when they can.</summary>
    public static string? MissingReason =>
        !OperatingSystem.IsLinux() || !File.Exists(Tesseract) || !File.Exists(PdfToPpm)
            ? $"{Tesseract} and {PdfToPpm} are needed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd poppler-utils)."
            : SharedData.RootOrNull is null && !SharedData.IsCi
                ? "../shared (test data) is not present beside the checkout; set KNOWLEDGEHUB_SHARED to run this test."
                : null;

    /// <summary>Page <paramref name="page"/> of a PDF as pdftoppm renders it, grey.</summary>
    public static GreyImage Render(string pdfPath, int page, int dpi = 300)
    {
        var stem = Path.Combine(Path.GetTempPath(), "kh-scan-" + Guid.NewGuid().ToString("N"));
        Run(PdfToPpm, ["-f", Num(page), "-l", Num(page), "-r", Num(dpi), "-gray", "-singlefile", pdfPath, stem]);
        try
        {
            return GreyImage.ReadPgm(stem + ".pgm") with { Dpi = dpi };
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

    /// <summary>Page <paramref name="page"/> of a PDF scanned: rendered at <paramref name="dpi"/> and rebuilt as an image-only PDF.</summary>
    public static byte[] Scan(string pdfPath, int page, int dpi = 300)
    {
        var (width, height) = PageSize(pdfPath, page);
        return ImagePdf([(Render(pdfPath, page, dpi), width, height)]);
    }

    /// <summary>A mixed PDF: page <paramref name="textPage"/> of the source kept as text, <paramref name="scannedPage"/> as an image page.</summary>
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

    public static void Run(string program, IEnumerable<string> arguments)
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

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
