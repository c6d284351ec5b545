using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The portal's document detail: access groups, metadata and the chunks; an admin corrects one chunk's text and
/// excludes another through the page, and the API and search see both.
/// </summary>
public sealed class PortalChunksBrowserTests
{
    private const string Manual = """
        # Plant maintenance

        ## Pumps

        The centrifugal pump impeller is inspected every spring for cavitation pitting.

        ## Valves

        The butterfly valve actuator is greased monthly with lithium grease.
        """;

    private const string NewText = "The gearbox lubrication schedule is checked every autumn by the duty engineer.";

    [BrowserFact]
    public async Task An_admin_sees_a_documents_groups_metadata_and_chunks_and_edits_one_chunk_and_excludes_another()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var server = await KnowledgeHubServer.StartAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Manual));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "manual.md");
        form.Add(new StringContent("board"), "accessGroups");
        form.Add(new StringContent("""{"department": "maintenance", "year": 2026}"""), "metadata");
        using var upload = await server.Client.PostAsync("/api/documents", form);
        var id = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await server.WaitForEndAsync(id);
        var page = await DebianChromium.NewPageAsync(browser);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        await DebianChromium.SignInAsync(page, server);
        await page.GetByRole(AriaRole.Button, new() { Name = "Chunks of manual.md" }).ClickAsync();

        var detail = page.Locator("#document-detail");
        await Expect(detail.Locator("#document-detail-title")).ToHaveTextAsync("manual.md");
        await Expect(detail.Locator(".access-groups")).ToHaveTextAsync("board");
        await Expect(detail.Locator(".metadata li[data-key='department']")).ToHaveTextAsync("department: maintenance");
        await Expect(detail.Locator(".metadata li[data-key='year']")).ToHaveTextAsync("year: 2026");
        await Expect(detail.Locator("#document-attributes")).Not.ToContainTextAsync("null");
        var pumps = detail.Locator("article.chunk", new() { HasText = "centrifugal pump impeller" });
        var valves = detail.Locator("article.chunk", new() { HasText = "butterfly valve actuator" });
        await Expect(pumps.Locator(".heading-path")).ToContainTextAsync("Pumps");
        var pumpsId = (await pumps.GetAttributeAsync("data-chunk"))!;
        var valvesId = (await valves.GetAttributeAsync("data-chunk"))!;

        await pumps.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var editor = detail.Locator($"article[data-chunk='{pumpsId}'] textarea");
        await editor.FillAsync(NewText);
        await detail.Locator($"article[data-chunk='{pumpsId}']").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var corrected = detail.Locator($"article[data-chunk='{pumpsId}']");
        await Expect(corrected).ToHaveAttributeAsync("data-corrected", "true");
        await Expect(corrected.Locator(".chunk-text")).ToHaveTextAsync(NewText);
        await Expect(corrected.Locator(".marker-corrected")).ToHaveTextAsync("corrected");
        await Expect(corrected.Locator(".edited")).ToContainTextAsync("edited by");

        await valves.GetByRole(AriaRole.Button, new() { Name = "Exclude" }).ClickAsync();
        var excluded = detail.Locator($"article[data-chunk='{valvesId}']");
        await Expect(excluded).ToHaveAttributeAsync("data-excluded", "true");
        await Expect(excluded.Locator(".marker-excluded")).ToHaveTextAsync("excluded");
        await Expect(excluded.GetByRole(AriaRole.Button, new() { Name = "Include" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DebianChromium.ScreenshotFolder, "portal-chunks.png"), FullPage = true });

        var shownPumps = await server.Client.GetFromJsonAsync<JsonElement>($"/api/chunks/{pumpsId}");
        var shownValves = await server.Client.GetFromJsonAsync<JsonElement>($"/api/chunks/{valvesId}");
        Assert.Equal((NewText, true), (shownPumps.GetProperty("text").GetString(), shownPumps.GetProperty("corrected").GetBoolean()));
        Assert.True(shownValves.GetProperty("excluded").GetBoolean());
        var found = await server.PostJsonAsync("/api/search", new { query = "gearbox lubrication butterfly valve", top = 10, mode = "keyword" });
        var ids = found.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunkId").GetString()).ToList();
        Assert.Contains(pumpsId, ids);
        Assert.DoesNotContain(valvesId, ids);
        Assert.Empty(pageErrors);
    }
}
