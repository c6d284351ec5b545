using System.Diagnostics;
using System.Globalization;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench ocr <folder>`: OCR speed and accuracy on scans made from born-digital PDFs. The first pages with a text layer
/// are rendered to images and rebuilt as an image-only PDF; then, at the configured DPI and parallelism, it times
/// rendering alone (the product's renderer), recognition alone (the product's engine on the rendered images), the
/// product's whole OCR step (the PDF parser on the scan: render, recognise, layout), and Tesseract called directly on
/// the same images with the same arguments, as ocrmypdf does. CER compares each page's OCR text with its text layer.
/// </summary>
public static class BenchOcrCommand
{
    private const string Usage = "Usage: bench ocr <folder of PDFs> [--pages 8] (needs tesseract and pdftoppm; KnowledgeHub:Ocr:* settings apply)";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "pages" }, new HashSet<string>());
        if (parsed.Positionals.Count != 1 || !Directory.Exists(parsed.Positionals[0]))
        {
            throw new ArgumentException(Usage);
        }

        var wanted = parsed.Value("pages") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 8;
        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var ocr = app.Services.GetRequiredService<OcrReader>();
        if (!ocr.CanReadPdfPages)
        {
            await Console.Error.WriteLineAsync(ocr.Availability.Description);
            return 2;
        }

        var options = app.Services.GetRequiredService<IOptions<OcrOptions>>().Value;
        var engine = app.Services.GetRequiredService<IOcrEngine>();
        var renderer = app.Services.GetRequiredService<IPageRenderer>();
        var parser = app.Services.GetRequiredService<ParserRegistry>().Resolve("bench.pdf");
        var folder = Path.Combine(Path.GetTempPath(), "kh-bench-ocr-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            var pages = await PickPagesAsync(parsed.Positionals[0], wanted);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pages={pages.Count} dpi={options.Dpi} parallel={options.ParallelPages} threads_per_page={options.ThreadsPerPage} engine=\"{engine.Availability.Description}\""));

            // Every row reads the same image-only PDF (a scanner's output), so the direct rows pay for decoding the
            // scanned images as the product does, as ocrmypdf would on the same file.
            var scan = ImagePdf(pages, folder);
            var scanPath = Path.Combine(folder, "scan.pdf");
            await File.WriteAllBytesAsync(scanPath, scan);

            // Render: the product's renderer, pages in parallel as the OCR step runs them.
            var clock = Stopwatch.StartNew();
            var images = new string[pages.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = options.ParallelPages }, async (i, token) =>
                images[i] = await renderer.RenderAsync(scanPath, i + 1, options.Dpi, Path.Combine(folder, $"page-{i}"), token));
            var render = clock.Elapsed.TotalSeconds;

            // Recognise: the product's engine on those images.
            clock.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = options.ParallelPages }, async (i, token) =>
                await engine.RecognizeAsync(images[i], options.Dpi, token));
            var recognise = clock.Elapsed.TotalSeconds;

            // Direct: Tesseract on the same images with the arguments the engine uses, as a script or ocrmypdf would call it.
            var languages = string.Join('+', engine.Availability.Languages);
            clock.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = options.ParallelPages }, async (i, token) =>
                await RunAsync(options.TesseractPath, [images[i], "stdout", "-l", languages, "--psm", options.DetectOrientation ? "1" : "3", "--dpi", Num(options.Dpi), "tsv"], options.ThreadsPerPage, token));
            var direct = clock.Elapsed.TotalSeconds;

            // Direct without a thread limit: what OMP_THREAD_LIMIT=1 gains or costs when pages run in parallel.
            clock.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count), new ParallelOptions { MaxDegreeOfParallelism = options.ParallelPages }, async (i, token) =>
                await RunAsync(options.TesseractPath, [images[i], "stdout", "-l", languages, "--psm", options.DetectOrientation ? "1" : "3", "--dpi", Num(options.Dpi), "tsv"], null, token));
            var directUnlimited = clock.Elapsed.TotalSeconds;

            // The product's OCR step on a scan of the same pages: an image-only PDF through the PDF parser.
            clock.Restart();
            var read = await parser.ParseAsync(new MemoryStream(scan), "scan.pdf");
            var product = clock.Elapsed.TotalSeconds;

            var errors = 0.0;
            var characters = 0;
            for (var i = 0; i < pages.Count; i++)
            {
                var recognised = string.Join(' ', read.Blocks.Where(b => b.Page == i + 1).Select(b => b.Text));
                var cer = Cer(pages[i].Text, recognised);
                var confidence = read.OcrPages?.FirstOrDefault(q => q.Page == i + 1)?.Confidence;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"page={Path.GetFileName(pages[i].Path)}#{pages[i].Page} chars={Normal(pages[i].Text).Length} cer={cer:P2} confidence={confidence:F1}"));
                errors += cer * Normal(pages[i].Text).Length;
                characters += Normal(pages[i].Text).Length;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"render_pages_per_s={pages.Count / render:F2} recognise_pages_per_s={pages.Count / recognise:F2} product_ocr_pages_per_s={pages.Count / product:F2} "
                + $"direct_tesseract_pages_per_s={pages.Count / direct:F2} direct_render_plus_tesseract_pages_per_s={pages.Count / (render + direct):F2} "
                + $"direct_tesseract_no_thread_limit_pages_per_s={pages.Count / directUnlimited:F2} "
                + $"product_vs_direct_render_plus_tesseract={(render + direct) / product:P0} cer={errors / Math.Max(1, characters):P2}"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record SourcePage(string Path, int Page, double Width, double Height, string Text);

    /// <summary>The first pages of the folder's PDFs (in name order) with at least 200 characters of text layer.</summary>
    private static async Task<List<SourcePage>> PickPagesAsync(string folder, int wanted)
    {
        var pages = new List<SourcePage>();
        var textOnly = new PdfParser();
        foreach (var path in Directory.EnumerateFiles(folder, "*.pdf").Order(StringComparer.Ordinal))
        {
            ParsedDocument parsed;
            try
            {
                await using var stream = File.OpenRead(path);
                parsed = await textOnly.ParseAsync(stream, Path.GetFileName(path));
            }
            catch (DocumentRejectedException)
            {
                continue;
            }

            using var document = PdfDocument.Open(path);
            foreach (var group in parsed.Blocks.GroupBy(b => b.Page ?? 0).OrderBy(g => g.Key))
            {
                var text = string.Join(' ', group.Select(b => b.Text));
                if (Normal(text).Length >= 200 && pages.Count < wanted)
                {
                    var page = document.GetPage(group.Key);
                    pages.Add(new SourcePage(path, group.Key, page.Width, page.Height, text));
                }
            }

            if (pages.Count >= wanted)
            {
                break;
            }
        }

        return pages;
    }

    private static byte[] ImagePdf(List<SourcePage> pages, string folder)
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i < pages.Count; i++)
        {
            var stem = Path.Combine(folder, $"png-{i}");
            RunAsync("pdftoppm", ["-f", Num(pages[i].Page), "-l", Num(pages[i].Page), "-r", "300", "-gray", "-png", "-singlefile", pages[i].Path, stem], null, CancellationToken.None).GetAwaiter().GetResult();
            var page = builder.AddPage(pages[i].Width, pages[i].Height);
            page.AddPng(File.ReadAllBytes(stem + ".png"), new PdfRectangle(0, 0, pages[i].Width, pages[i].Height));
        }

        return builder.Build();
    }

    private static async Task RunAsync(string program, string[] arguments, int? threads, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (threads is { } t)
        {
            start.Environment["OMP_THREAD_LIMIT"] = Num(t);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output;
        await errors;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed with exit code {process.ExitCode}: {await errors}");
        }
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Normal(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Character error rate: edit distance over the reference's length, whitespace collapsed.</summary>
    private static double Cer(string reference, string recognised)
    {
        var a = Normal(reference);
        var b = Normal(recognised);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return a.Length == 0 ? 0 : (double)previous[b.Length] / a.Length;
    }
}
