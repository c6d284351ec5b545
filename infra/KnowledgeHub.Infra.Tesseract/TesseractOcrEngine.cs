using System.ComponentModel;
using System.Globalization;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.Retrieval.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Tesseract;

/// <summary>
/// <see cref="IOcrEngine"/> on Tesseract's command line (Debian's tesseract-ocr 5): one process per image, TSV on
/// standard output. With OSD installed it runs page segmentation mode 1, which detects a page turned by 90, 180 or 270
/// degrees and reads its lines in the right order (the boxes stay in the image's own coordinates). The command line
/// rather than the C API: a crash or a hang on a hostile image costs one process, which a time limit can kill,
/// not the server.
/// </summary>
public sealed class TesseractOcrEngine : IOcrEngine
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);
    private static readonly string[] DefaultLanguages = ["eng", "chi_sim"];

    private readonly OcrOptions options;
    private readonly ILogger<TesseractOcrEngine> logger;
    private readonly Lazy<(OcrAvailability Availability, bool HasOsd)> probe;

    public TesseractOcrEngine(IOptions<OcrOptions> options, ILogger<TesseractOcrEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        probe = new Lazy<(OcrAvailability, bool)>(Probe, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public OcrAvailability Availability => probe.Value.Availability;

    public async Task<IReadOnlyList<OcrPage>> RecognizeAsync(string imagePath, int? dpi, CancellationToken cancellationToken = default)
    {
        var (availability, hasOsd) = probe.Value;
        if (!availability.IsAvailable)
        {
            throw new InvalidOperationException(availability.Description);
        }

        var languages = availability.Languages;
        var pages = await RunAsync(imagePath, dpi, languages, hasOsd, cancellationToken);

        // With English and Chinese together Tesseract picks a model per line and reads some Chinese lines as Latin
        // garbage; Chinese alone reads them well (and still reads the Latin words inside Chinese text). So a page that
        // came out mostly Chinese is read again with the Chinese models only.
        var cjk = languages.Where(IsCjkLanguage).ToList();
        if (cjk.Count > 0 && cjk.Count < languages.Count && pages.Any(p => CjkText.IsMostlyCjk(string.Concat(p.Words.Select(w => w.Text)))))
        {
            pages = await RunAsync(imagePath, dpi, cjk, hasOsd, cancellationToken);
        }

        return pages;
    }

    private static bool IsCjkLanguage(string language) =>
        language.StartsWith("chi_", StringComparison.Ordinal) || language.StartsWith("jpn", StringComparison.Ordinal) || language.StartsWith("kor", StringComparison.Ordinal);

    private async Task<List<OcrPage>> RunAsync(string imagePath, int? dpi, IReadOnlyList<string> languages, bool hasOsd, CancellationToken cancellationToken)
    {
        List<string> arguments = [imagePath, "stdout", "-l", string.Join('+', languages), "--psm", options.DetectOrientation && hasOsd ? "1" : "3"];
        if (dpi is { } resolution)
        {
            arguments.AddRange(["--dpi", resolution.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.Add("tsv");
        var environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = options.ThreadsPerPage.ToString(CultureInfo.InvariantCulture) };
        var result = await ToolProcess.RunAsync(options.TesseractPath, arguments, environment, cancellationToken);
        if (result.ExitCode != 0)
        {
            TesseractLog.RecognitionFailed(logger, result.ExitCode, Shorten(result.Errors));

            // Leptonica names the file it could not decode; anything else (a crash, no memory) may pass on a retry.
            if (result.Errors.Contains("pixRead", StringComparison.Ordinal) || result.Errors.Contains("cannot be read", StringComparison.Ordinal)
                || result.Errors.Contains("Error in", StringComparison.Ordinal))
            {
                throw new DocumentRejectedException(DocumentRejections.ImageDamaged("its image data cannot be decoded"));
            }

            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Tesseract exited with code {result.ExitCode}."));
        }

        return TesseractTsv.Parse(result.Output);
    }

    private (OcrAvailability, bool) Probe()
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            var version = ToolProcess.RunAsync(options.TesseractPath, ["--version"], null, timeout.Token).GetAwaiter().GetResult();
            var list = ToolProcess.RunAsync(options.TesseractPath, ["--list-langs"], null, timeout.Token).GetAwaiter().GetResult();
            var versionLine = (version.Output + version.Errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "tesseract";
            var installed = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith("List of", StringComparison.Ordinal))
                .ToHashSet(StringComparer.Ordinal);
            var wanted = string.IsNullOrWhiteSpace(options.Languages) ? null : options.Languages.Split('+');
            var missing = wanted?.Where(l => !installed.Contains(l)).ToList() ?? [];
            if (missing.Count > 0)
            {
                return (OcrAvailability.Off($"{versionLine} lacks the configured languages {string.Join(", ", missing)} (KnowledgeHub:Ocr:Languages; install tesseract-ocr-<language>)"), false);
            }

            var languages = wanted ?? [.. DefaultLanguages.Where(installed.Contains)];
            if (languages.Length == 0)
            {
                return (OcrAvailability.Off($"{versionLine} has neither eng nor chi_sim installed (install tesseract-ocr-eng, tesseract-ocr-chi-sim)"), false);
            }

            var osd = installed.Contains("osd");
            var description = $"{versionLine}, languages {string.Join('+', languages)}, {(osd && options.DetectOrientation ? "orientation detection on" : "orientation detection off")}";
            return (new OcrAvailability(true, description, languages), osd);
        }
        catch (Exception ex) when (ex is Win32Exception or FileNotFoundException or OperationCanceledException or InvalidOperationException)
        {
            TesseractLog.ProgramMissing(logger, options.TesseractPath, ex.Message);
            return (OcrAvailability.Off($"the Tesseract program '{options.TesseractPath}' could not be run (KnowledgeHub:Ocr:TesseractPath)"), false);
        }
    }

    private static string Shorten(string text) => text.Length <= 500 ? text.Trim() : text[..500].Trim();
}
