using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeHub.Web.Tests;

/// <summary>The API page in Debian's Chromium with every request off this server refused: it must still render the API.</summary>
public sealed class ApiPageBrowserTests(ITestOutputHelper output)
{
    private static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [BrowserFact]
    public async Task API_page_renders_the_chat_endpoint_without_internet()
    {
        Assert.True(File.Exists(BrowserFactAttribute.ChromiumPath), $"Chromium is missing at {BrowserFactAttribute.ChromiumPath}: install it with 'apt-get install -y chromium' (.ci/run does).");
        await using var server = await KnowledgeHubServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, Locale = "en-US" });
        page.SetDefaultTimeout(60_000);
        var refused = new ConcurrentBag<string>();
        var origin = server.Client.BaseAddress!;
        await page.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != origin.Authority)
            {
                refused.Add(route.Request.Url);
                await route.AbortAsync("internetdisconnected");
                return;
            }

            await route.ContinueAsync();
        });

        await page.GotoAsync(new Uri(origin, "/api-docs/").ToString());

        // Scalar renders the document into a sidebar of tag groups; the chat endpoint is in the collapsed OpenAI group.
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - OpenAI-compatible" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "post /v1/chat/completions" }).First).ToBeVisibleAsync();
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, "api-docs.png") });
        output.WriteLine(refused.IsEmpty ? "The page asked for nothing outside this server." : "Refused (the page rendered without them): " + string.Join(", ", refused.Distinct()));
    }
}
