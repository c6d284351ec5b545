using KnowledgeHub.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeHub.Web.Tests;

/// <summary>The portal's OCR marker on a scanned image: which pages came from OCR, their confidence, and the low-confidence warning.</summary>
[Trait("Speed", "Slow")]
public sealed class PortalOcrBrowserTests
{
    [BrowserFact]
    public async Task Portal_marks_a_document_read_by_ocr_with_its_confidence_and_warns_when_it_is_low()
    {
        Assert.True(ScannedPages.MissingReason is null, ScannedPages.MissingReason);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        // Every page is below a floor of 100, so the real confidence shows and the page is flagged low.
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Ocr:LowConfidence=100");
        var png = ScannedPages.Render(SharedData.PdfSample("004-pdflatex-4-pages_pdflatex-4-pages.pdf"), 1, dpi: 150).ToPng();
        var id = (await server.UploadAsync("scan.png", png)).GetProperty("id").GetString()!;
        var document = await server.WaitForEndAsync(id);
        Assert.Equal("completed", document.GetProperty("status").GetString());
        var confidence = (int)Math.Round(document.GetProperty("ocrPages")[0].GetProperty("confidence").GetDouble());
        var page = await DebianChromium.NewPageAsync(browser);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await DebianChromium.SignInAsync(page, server);
        var marker = page.Locator($"#documents tbody tr[data-id='{id}'] .ocr");

        await Expect(marker).ToHaveTextAsync($"OCR: page 1, confidence {confidence}% · ⚠ low on page 1");
        await Expect(marker).ToHaveClassAsync("ocr ocr-low");
        await Expect(marker).ToHaveAttributeAsync("title", $"page 1: {confidence}% (low)");
        Assert.Empty(pageErrors);
    }
}
