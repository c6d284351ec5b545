using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeHub.Web.Tests;

/// <summary>The API page in Debian's Chromium with every request off this server refused: it must still render the API.</summary>
public sealed class ApiPageBrowserTests(ITestOutputHelper output)
{
    [BrowserFact]
    public async Task API_page_renders_the_chat_endpoint_without_internet()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var server = await KnowledgeHubServer.StartAsync();
        var page = await DebianChromium.NewPageAsync(browser);
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
        Directory.CreateDirectory(DebianChromium.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DebianChromium.ScreenshotFolder, "api-docs.png") });
        output.WriteLine(refused.IsEmpty ? "The page asked for nothing outside this server." : "Refused (the page rendered without them): " + string.Join(", ", refused.Distinct()));
    }
}
