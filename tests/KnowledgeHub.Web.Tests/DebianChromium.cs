using Microsoft.Playwright;

namespace KnowledgeHub.Web.Tests;

/// <summary>Debian's Chromium as every browser test drives it (Playwright never downloads a browser here).</summary>
internal static class DebianChromium
{
    public static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(
            File.Exists(BrowserFactAttribute.ChromiumPath),
            $"Chromium is missing at {BrowserFactAttribute.ChromiumPath}: install it with 'apt-get install -y chromium' (.ci/run does).");
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public static async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, Locale = "en-US" });
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>Opens the portal of <paramref name="server"/> and signs in with <paramref name="key"/> (the admin key unless given).</summary>
    public static async Task SignInAsync(IPage page, KnowledgeHubServer server, string key = KnowledgeHubServer.AdminKey)
    {
        await page.GotoAsync(server.Client.BaseAddress!.ToString());
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
