using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Tesseract.Tests;

public sealed class TesseractEngineTests
{
    [Fact]
    public void Tsv_words_keep_their_boxes_confidences_and_lines_in_reading_order()
    {
        const string tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
            + "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n"
            + "4\t1\t1\t1\t1\t0\t300\t300\t800\t40\t-1\t\n"
            + "5\t1\t1\t1\t1\t1\t300\t300\t200\t40\t96.5\tHello,\n"
            + "5\t1\t1\t1\t1\t2\t520\t302\t150\t38\t91.25\tworld\n"
            + "5\t1\t1\t1\t2\t1\t300\t360\t100\t40\t12\t \n"
            + "5\t1\t1\t1\t2\t2\t420\t360\t100\t40\t88\tagain\n"
            + "1\t2\t0\t0\t0\t0\t0\t0\t1000\t800\t-1\t\n";

        var pages = TesseractTsv.Parse(tsv);

        Assert.Equal(2, pages.Count);
        Assert.Equal((2550, 3300), (pages[0].Width, pages[0].Height));
        Assert.Equal(
            [new OcrWord("Hello,", 300, 300, 200, 40, 96.5, 0), new OcrWord("world", 520, 302, 150, 38, 91.25, 0), new OcrWord("again", 420, 360, 100, 40, 88, 1)],
            pages[0].Words);
        Assert.Empty(pages[1].Words);
    }

    [OcrFact]
    public void Configured_language_that_is_not_installed_turns_ocr_off_naming_it()
    {
        var engine = new TesseractOcrEngine(Options.Create(new OcrOptions { Languages = "eng+klingon" }), NullLogger<TesseractOcrEngine>.Instance);

        Assert.False(engine.Availability.IsAvailable);
        Assert.Contains("klingon", engine.Availability.Description, StringComparison.Ordinal);
    }

    [OcrFact]
    public void Installed_engine_reports_its_version_and_default_languages()
    {
        var engine = new TesseractOcrEngine(Options.Create(new OcrOptions()), NullLogger<TesseractOcrEngine>.Instance);

        Assert.True(engine.Availability.IsAvailable, engine.Availability.Description);
        Assert.StartsWith("tesseract 5", engine.Availability.Description, StringComparison.Ordinal);
        Assert.Equal(["eng", "chi_sim"], engine.Availability.Languages);
    }
}
