using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Ingestion.Parsing;

public static class DocumentParsingServiceCollectionExtensions
{
    /// <summary>
    /// The parsers (PDF, Markdown, plain text, Word, HTML, CSV/TSV, Excel), their <see cref="ParsingOptions"/> bound
    /// to <see cref="ParsingOptions.Section"/> and validated at start-up, and the <see cref="ParserRegistry"/> that
    /// picks among them. Images and scanned pages are read by <see cref="OcrReader"/> through the <see cref="IOcrEngine"/>
    /// and <see cref="IPageRenderer"/> an adapter registers (Tesseract and pdftoppm); without them OCR is off.
    /// </summary>
    public static IServiceCollection AddDocumentParsers(this IServiceCollection services)
    {
        services.AddOptions<ParsingOptions>().BindConfiguration(ParsingOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, PdfParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, MarkdownParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, PlainTextParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, DocxParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, HtmlParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, CsvParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, XlsxParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, ImageParser>());
        services.AddOptions<OcrOptions>().BindConfiguration(OcrOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new OcrReader(
            sp.GetRequiredService<IOptions<OcrOptions>>(),
            sp.GetRequiredService<ILogger<OcrReader>>(),
            sp.GetService<IOcrEngine>(),
            sp.GetService<IPageRenderer>(),
            sp.GetService<IOptions<IngestionOptions>>()?.Value.MaxPages ?? int.MaxValue,
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<ParserRegistry>();
        return services;
    }
}
