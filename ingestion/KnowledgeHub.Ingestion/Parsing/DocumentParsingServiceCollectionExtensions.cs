using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeHub.Ingestion.Parsing;

public static class DocumentParsingServiceCollectionExtensions
{
    /// <summary>The PDF, Markdown and plain-text parsers and the <see cref="ParserRegistry"/> that picks among them.</summary>
    public static IServiceCollection AddDocumentParsers(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, PdfParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, MarkdownParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentParser, PlainTextParser>());
        services.TryAddSingleton<ParserRegistry>();
        return services;
    }
}
