using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Infra.Tesseract.Tests;

/// <summary>Skew found on a real rendered page turned by a known angle, and boxes turned back onto the scanned page.</summary>
public sealed class PageSkewTests(ITestOutputHelper output)
{
    private const string English = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";

    [OcrTheory]
    [InlineData(3.0)]
    [InlineData(-3.0)]
    [InlineData(1.5)]
    [InlineData(-5.0)]
    public void Skew_of_a_page_turned_a_few_degrees_is_found_within_a_quarter_degree(double degrees)
    {
        var scan = Scans.Render(SharedData.PdfSample(English), 1).Skew(degrees);

        var found = PageSkew.Estimate(new GreyPage(scan.Width, scan.Height, scan.Pixels));

        output.WriteLine($"turned {degrees}°, found {found}°");
        Assert.InRange(found, degrees - 0.25, degrees + 0.25);
    }

    [OcrFact]
    public void Square_page_is_left_as_it_is()
    {
        var page = Scans.Render(SharedData.PdfSample(English), 1);

        var found = PageSkew.Estimate(new GreyPage(page.Width, page.Height, page.Pixels));

        Assert.True(Math.Abs(found) < PageSkew.MinDegrees, $"found {found}° on a square page");
    }

    [Fact]
    public void Blank_page_has_no_skew()
    {
        var blank = new GreyPage(800, 1000, Enumerable.Repeat((byte)255, 800 * 1000).ToArray());

        Assert.Equal(0, PageSkew.Estimate(blank));
    }

    [Fact]
    public void Word_box_on_the_straightened_page_turns_back_onto_the_point_it_came_from()
    {
        var original = new GreyPage(1000, 1400, new byte[1000 * 1400]);
        var straightened = PageSkew.Straighten(original, 3);
        Assert.True(straightened.Width > original.Width && straightened.Height > original.Height, "the canvas keeps the corners");

        // A one-pixel word at the straightened canvas's centre is the original page's centre.
        var centre = new OcrWord("x", (straightened.Width - 1) / 2, (straightened.Height - 1) / 2, 1, 1, 90, 1);
        var back = PageSkew.TurnBack(new OcrPage(straightened.Width, straightened.Height, [centre]), original, straightened, 3);

        Assert.Equal((original.Width, original.Height), (back.Width, back.Height));
        var word = Assert.Single(back.Words);
        Assert.InRange(word.Left, 497, 501);
        Assert.InRange(word.Top, 697, 701);
    }
}
