using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class ParserRegistryTests
{
    private readonly ParserRegistry registry = new([new PdfParser(), new MarkdownParser(), new PlainTextParser()]);

    [Theory]
    [InlineData("report.pdf", typeof(PdfParser))]
    [InlineData("REPORT.PDF", typeof(PdfParser))]
    [InlineData("guide.md", typeof(MarkdownParser))]
    [InlineData("guide.markdown", typeof(MarkdownParser))]
    [InlineData("notes.txt", typeof(PlainTextParser))]
    [InlineData("notes.text", typeof(PlainTextParser))]
    [InlineData("server.log", typeof(PlainTextParser))]
    [InlineData("folder.v2/notes.TXT", typeof(PlainTextParser))]
    public void Resolves_the_parser_for_the_file_extension(string fileName, Type expected)
    {
        Assert.IsType(expected, registry.Resolve(fileName));
        Assert.True(registry.IsSupported(fileName));
    }

    [Fact]
    public void Unknown_extension_is_rejected_naming_it_and_the_supported_types()
    {
        var error = Assert.Throws<DocumentRejectedException>(() => registry.Resolve("slides.PPTX"));

        Assert.Equal("Unsupported file type '.pptx'. Supported types: .pdf, .md, .markdown, .txt, .text, .log.", error.Message);
    }

    [Fact]
    public void File_without_extension_is_rejected()
    {
        var error = Assert.Throws<DocumentRejectedException>(() => registry.Resolve("README"));

        Assert.StartsWith("Unsupported file type '(none)'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDocumentParsers_registers_every_parser_and_the_registry_once()
    {
        var services = new ServiceCollection();

        services.AddDocumentParsers();
        services.AddDocumentParsers();

        Assert.Equal(
            [typeof(PdfParser), typeof(MarkdownParser), typeof(PlainTextParser), typeof(DocxParser), typeof(HtmlParser), typeof(CsvParser), typeof(XlsxParser), typeof(ImageParser)],
            services.Where(d => d.ServiceType == typeof(IDocumentParser)).Select(d => d.ImplementationType));
        var registryDescriptor = Assert.Single(services, d => d.ServiceType == typeof(ParserRegistry));
        Assert.Equal(ServiceLifetime.Singleton, registryDescriptor.Lifetime);
    }
}
