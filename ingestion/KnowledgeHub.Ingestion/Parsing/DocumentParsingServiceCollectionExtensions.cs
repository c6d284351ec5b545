using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeHub.Ingestion.Parsing;

public static class DocumentParsingServiceCollectionExtensions
{
    /// <summary>
    /// The parsers (PDF, Markdown, plain text, Word, HTML, CSV/TSV, Excel), their <see cref="ParsingOptions"/> bound
    /// to <see cref="ParsingOptions.Section"/> and validated at start-up, and the <see cref="ParserRegistry"/> that
    /// picks among them.
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
        services.TryAddSingleton<ParserRegistry>();
        return services;
    }
}
