using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeHub.Infra.Tesseract;

public static class TesseractServiceCollectionExtensions
{
    /// <summary>
    /// Tesseract as the <see cref="IOcrEngine"/> and pdftoppm as the <see cref="IPageRenderer"/>, both configured by
    /// <see cref="OcrOptions"/>. Whether the programs exist is found out on first use (or the start-up report); a
    /// machine without them still starts, with OCR off.
    /// </summary>
    public static IServiceCollection AddTesseractOcr(this IServiceCollection services)
    {
        services.TryAddSingleton<IOcrEngine, TesseractOcrEngine>();
        services.TryAddSingleton<IPageRenderer, PdfToPpmRenderer>();
        return services;
    }
}
