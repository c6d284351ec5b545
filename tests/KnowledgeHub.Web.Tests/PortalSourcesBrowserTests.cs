using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeHub.Web.Tests;

/// <summary>The portal's Sources panel in Debian's Chromium: add a folder source with the form, run it, see its last run and its item errors.</summary>
public sealed class PortalSourcesBrowserTests
{
    [BrowserFact]
    public async Task A_folder_source_is_added_run_and_its_item_errors_shown()
    {
        var share = Directory.CreateTempSubdirectory("kh-sources-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(share, "ok.md"), "# Fine\n\nThe capybara note.\n");
            File.WriteAllBytes(Path.Combine(share, "too-big.txt"), new byte[70_000]);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await DebianChromium.LaunchAsync(playwright);
            await using var server = await KnowledgeHubServer.StartAsync(
                $"--KnowledgeHub:Connectors:Folder:AllowedRoots:0={share}", "--KnowledgeHub:Ingestion:MaxUploadBytes=65536");
            var page = await DebianChromium.NewPageAsync(browser);
            var pageErrors = new List<string>();
            page.PageError += (_, error) => pageErrors.Add(error);
            await DebianChromium.SignInAsync(page, server);
            await Expect(page.Locator("#sources-message")).ToHaveTextAsync("No sources yet.");

            await page.Locator("#add-source summary").ClickAsync();
            var form = page.Locator("#source-form");
            await form.GetByLabel("Name").FillAsync("Team share");
            await form.GetByLabel("Collection").FillAsync("share");
            await form.GetByLabel("Path").FillAsync("/etc");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add source" }).ClickAsync();
            await Expect(page.Locator("#sources-message")).ToContainTextAsync("outside the allowed roots");

            await form.GetByLabel("Path").FillAsync(share);
            await form.GetByRole(AriaRole.Button, new() { Name = "Add source" }).ClickAsync();
            var row = page.Locator("#sources tbody tr", new() { HasText = "Team share" });
            await Expect(row).ToContainTextAsync("never run");

            await row.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
            await Expect(row).ToContainTextAsync("1 added", new() { Timeout = 60_000 });
            await Expect(row).ToContainTextAsync("1 failed");

            await row.GetByRole(AriaRole.Button, new() { Name = "Errors" }).ClickAsync();
            await Expect(page.Locator("#source-errors")).ToContainTextAsync("too-big.txt");
            await page.ScreenshotAsync(new() { Path = Path.Combine(DebianChromium.ScreenshotFolder, "sources.png"), FullPage = true });
            Assert.Empty(pageErrors);
        }
        finally
        {
            Directory.Delete(share, recursive: true);
        }
    }
}
