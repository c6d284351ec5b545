using System.ComponentModel;
using System.Globalization;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Tesseract;

/// <summary>
/// <see cref="IPageRenderer"/> on poppler's pdftoppm (Debian's poppler-utils): one page to an 8-bit grey PGM, which
/// Tesseract reads without decompressing and which is what it binarises from anyway.
/// </summary>
public sealed class PdfToPpmRenderer : IPageRenderer
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    private readonly OcrOptions options;
    private readonly ILogger<PdfToPpmRenderer> logger;
    private readonly Lazy<OcrAvailability> probe;

    public PdfToPpmRenderer(IOptions<OcrOptions> options, ILogger<PdfToPpmRenderer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        probe = new Lazy<OcrAvailability>(Probe, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public OcrAvailability Availability => probe.Value;

    public async Task<string> RenderAsync(string pdfPath, int page, int dpi, string outputStem, CancellationToken cancellationToken = default)
    {
        var number = page.ToString(CultureInfo.InvariantCulture);
        var result = await ToolProcess.RunAsync(
            options.PdfToPpmPath,
            ["-f", number, "-l", number, "-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-singlefile", pdfPath, outputStem],
            null,
            cancellationToken);
        var image = outputStem + ".pgm";
        if (result.ExitCode != 0 || !File.Exists(image))
        {
            TesseractLog.RenderFailed(logger, result.ExitCode, page, result.Errors.Length <= 500 ? result.Errors.Trim() : result.Errors[..500]);
            throw new DocumentRejectedException(DocumentRejections.PdfDamaged(string.Create(CultureInfo.InvariantCulture, $"page {page} could not be rendered for OCR")));
        }

        return image;
    }

    private OcrAvailability Probe()
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            var version = ToolProcess.RunAsync(options.PdfToPpmPath, ["-v"], null, timeout.Token).GetAwaiter().GetResult();
            var line = (version.Errors + version.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "pdftoppm";
            return new OcrAvailability(true, $"{line}, pages at {options.Dpi} DPI", []);
        }
        catch (Exception ex) when (ex is Win32Exception or FileNotFoundException or OperationCanceledException or InvalidOperationException)
        {
            TesseractLog.ProgramMissing(logger, options.PdfToPpmPath, ex.Message);
            return OcrAvailability.Off($"the page renderer '{options.PdfToPpmPath}' could not be run (KnowledgeHub:Ocr:PdfToPpmPath)");
        }
    }
}
