using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Ingestion.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class ParserRegistryFormatTests
{
    private readonly ParserRegistry registry = new(
        [new PdfParser(), new MarkdownParser(), new PlainTextParser(), new DocxParser(), new HtmlParser(), new CsvParser(), new XlsxParser()]);

    [Theory]
    [InlineData("contract.docx", typeof(DocxParser))]
    [InlineData("CONTRACT.DOCX", typeof(DocxParser))]
    [InlineData("page.html", typeof(HtmlParser))]
    [InlineData("page.htm", typeof(HtmlParser))]
    [InlineData("export.csv", typeof(CsvParser))]
    [InlineData("export.tsv", typeof(CsvParser))]
    [InlineData("budget.xlsx", typeof(XlsxParser))]
    public void Resolves_the_new_formats_by_extension(string fileName, Type expected)
    {
        Assert.IsType(expected, registry.Resolve(fileName));
    }

    [Fact]
    public void Rejection_of_an_unknown_type_lists_the_new_formats()
    {
        var error = Assert.Throws<DocumentRejectedException>(() => registry.Resolve("slides.pptx"));

        Assert.Equal(
            "Unsupported file type '.pptx'. Supported types: .pdf, .md, .markdown, .txt, .text, .log, .docx, .html, .htm, .csv, .tsv, .xlsx.",
            error.Message);
    }

    [Fact]
    public void AddDocumentParsers_binds_and_validates_the_parsing_options()
    {
        var services = new ServiceCollection();

        services.AddDocumentParsers();

        Assert.Contains(services, d => d.ServiceType == typeof(IConfigureOptions<ParsingOptions>));
        Assert.Contains(services, d => d.ServiceType == typeof(IValidateOptions<ParsingOptions>));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1024, 100)]
    [InlineData(256L * 1024 * 1024, 1)]
    public void Parsing_options_outside_their_ranges_fail_validation(long maxUnpackedBytes, int maxCompressionRatio)
    {
        var options = new ParsingOptions { MaxUnpackedBytes = maxUnpackedBytes, MaxCompressionRatio = maxCompressionRatio };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Fact]
    public void Default_parsing_options_are_valid_and_allow_256_MiB_at_100_to_1()
    {
        var options = new ParsingOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.Equal(256L * 1024 * 1024, options.MaxUnpackedBytes);
        Assert.Equal(100, options.MaxCompressionRatio);
    }
}
