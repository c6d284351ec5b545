using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class OcrOptionsTests
{
    [Fact]
    public void Default_ocr_options_are_valid_at_300_dpi_with_a_hundred_million_pixels()
    {
        var options = new OcrOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.Equal(300, options.Dpi);
        Assert.Equal(100_000_000, options.MaxPixelsPerPage);
    }

    [Theory]
    [InlineData(10, 100_000_000, "eng")]
    [InlineData(300, 10, "eng")]
    [InlineData(300, 100_000_000, "eng chi_sim")]
    [InlineData(300, 100_000_000, "eng+")]
    public void Ocr_options_outside_their_ranges_fail_validation(int dpi, long maxPixels, string languages)
    {
        var options = new OcrOptions { Dpi = dpi, MaxPixelsPerPage = maxPixels, Languages = languages };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Fact]
    public void AddDocumentParsers_validates_the_ocr_options_at_start()
    {
        var services = new ServiceCollection();

        services.AddDocumentParsers();

        Assert.Contains(services, d => d.ServiceType == typeof(IValidateOptions<OcrOptions>));
    }
}
