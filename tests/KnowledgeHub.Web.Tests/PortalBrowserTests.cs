using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeHub.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeHub.Web.Tests;

/// <summary>The portal in Debian's Chromium against the real server: sign in, drop files, watch them complete, ask, open a citation.</summary>
public sealed class PortalBrowserTests(ITestOutputHelper output)
{
    private const string Pdf = EndToEndFixture.MultiColumnPdf;
    private const string Chinese = EndToEndFixture.ChineseArticle;
    private const string Collection = "portal-test";

    [BrowserFact]
    public async Task Portal_uploads_a_pdf_and_opens_the_cited_passage_with_its_span_and_page()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var server = await KnowledgeHubServer.StartAsync();
        var page = await DebianChromium.NewPageAsync(browser);
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        page.PageError += (_, error) => consoleErrors.Add(error);

        await page.GotoAsync(server.Client.BaseAddress!.ToString());
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await page.GetByLabel("API key").FillAsync("kh-not-a-key-0000000000000000000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#sign-in-message")).ToContainTextAsync("401");
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        await page.GetByLabel("API key").FillAsync(KnowledgeHubServer.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Expect(page.Locator("#session-key")).ToContainTextAsync(KnowledgeHubServer.AdminKey[^4..]);
        await ScreenshotAsync(page, "01-signed-in");

        // Two files dropped at once into a collection that does not exist yet.
        await page.GetByLabel("or new collection").FillAsync(Collection);
        await DropFilesAsync(page, SharedData.PdfSample(Pdf), SharedData.PathTo("documents", "zh", Chinese));
        await Expect(page.Locator("#uploads li")).ToHaveCountAsync(2);
        foreach (var name in new[] { Pdf, Chinese })
        {
            var finished = page.Locator("#documents tbody tr[data-status='completed'], #documents tbody tr[data-status='failed']", new() { HasText = name });
            await Expect(finished).ToBeVisibleAsync(new() { Timeout = 300_000 });
            Assert.True(await finished.GetAttributeAsync("data-status") == "completed", $"{name} failed: {await finished.InnerTextAsync()}");
            await Expect(finished).ToContainTextAsync(Collection);
        }

        await Expect(page.Locator("#uploads li[data-status='completed']")).ToHaveCountAsync(2);
        await Expect(page.Locator("#collection-select")).ToHaveValueAsync(Collection);
        await ScreenshotAsync(page, "02-documents-completed");

        // English: the answer streams in, then its citation opens the passage with the quoted span marked and the page named.
        const string question = "Which table lists information about EU countries?";
        var expected = await server.PostJsonAsync("/api/ask", new { question, collection = Collection });
        var answer = await AskAsync(page, question, 0);
        var citation = await OpenEveryCitationAsync(page, answer, expected);
        Assert.Equal(Pdf, citation.GetProperty("fileName").GetString());
        await Expect(page.Locator("#passage-source")).ToContainTextAsync($"page {citation.GetProperty("page").GetInt32()}");
        await ScreenshotAsync(page, "03-answer-and-cited-passage");

        // A follow-up stays in the same stored conversation; feedback goes to the answer it was given on.
        var followUp = await AskAsync(page, "Which of these countries has the capital Vienna?", 1, requireFound: false);
        var conversationId = await answer.GetAttributeAsync("data-conversation-id");
        Assert.False(string.IsNullOrEmpty(conversationId), "The answer event carried no conversationId.");
        Assert.Equal(conversationId, await followUp.GetAttributeAsync("data-conversation-id"));
        var stored = await server.Client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}", KnowledgeHubServer.Json);
        Assert.Equal(2, stored.GetProperty("turns").GetArrayLength());
        await answer.GetByRole(AriaRole.Button, new() { Name = "Helpful answer", Exact = true }).ClickAsync();
        await Expect(answer.Locator(".feedback-message")).ToHaveTextAsync("Thanks for the feedback.");
        await followUp.GetByRole(AriaRole.Button, new() { Name = "Unhelpful answer", Exact = true }).ClickAsync();
        await followUp.GetByLabel("Corrected answer (optional)").FillAsync("Austria: its capital is Vienna.");
        await followUp.GetByRole(AriaRole.Button, new() { Name = "Send correction" }).ClickAsync();
        await Expect(followUp.Locator(".correction")).ToBeHiddenAsync();
        await Expect(followUp.Locator(".feedback-message")).ToHaveTextAsync("Thanks for the feedback.");
        await Expect(page.Locator("#conversation-select")).ToHaveValueAsync(conversationId!);
        await ScreenshotAsync(page, "04-follow-up-and-feedback");

        // Chinese, in a new conversation so that the English question does not shape the Chinese one.
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        const string chineseQuestion = "什么是预训练？";
        var expectedChinese = await server.PostJsonAsync("/api/ask", new { question = chineseQuestion, collection = Collection });
        var chineseAnswer = await AskAsync(page, chineseQuestion, 0);
        var chineseCitation = await OpenEveryCitationAsync(page, chineseAnswer, expectedChinese);
        Assert.Equal(Chinese, chineseCitation.GetProperty("fileName").GetString());
        await ScreenshotAsync(page, "05-chinese-answer-and-passage");

        // A table row: the passage marks the table's header row and the matching row, apart, not the whole table.
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        const string tableQuestion = "What is the capital of Denmark?";
        var expectedTable = await server.PostJsonAsync("/api/ask", new { question = tableQuestion, collection = Collection });
        var tableCitation = await OpenEveryCitationAsync(page, await AskAsync(page, tableQuestion, 0), expectedTable);
        Assert.Equal(2, tableCitation.GetProperty("spans").GetArrayLength());
        await Expect(page.Locator("#passage-text mark").Nth(1)).ToHaveTextAsync("Denmark | 5.8 | 42,951 | Copenhagen | Danish");
        await ScreenshotAsync(page, "06-table-row-and-its-header");

        // A question the documents come near but do not answer: a clear "not in your documents" state, the missing word
        // named, and the closest passages offered instead of citations.
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        var notFound = await AskAsync(page, "What is the capital of Australia?", 0, requireFound: false);
        await Expect(notFound).ToHaveAttributeAsync("data-found", "false");
        await Expect(notFound.Locator(".not-in-documents")).ToContainTextAsync("Not in your documents");
        await Expect(notFound.Locator(".not-in-documents")).ToContainTextAsync("Australia");
        await Expect(notFound.Locator(".cite")).ToHaveCountAsync(0);
        await notFound.Locator(".related button").First.ClickAsync();
        await Expect(page.Locator("#passage-text")).Not.ToContainTextAsync("Loading the passage");
        await ScreenshotAsync(page, "07-not-in-your-documents");

        // The earlier conversation can be reopened with its turns.
        await page.Locator("#conversation-select").SelectOptionAsync(conversationId!);
        await Expect(page.Locator(".message.question")).ToHaveCountAsync(2);
        await Expect(page.Locator(".message.question").First).ToHaveTextAsync(question);
        await Expect(page.Locator(".message.answer .answer-text .cite").First).ToBeVisibleAsync();

        // ... with the feedback given before: thumbs up on the first answer, thumbs down and the correction on the second.
        var reopened = page.Locator(".message.answer");
        await Expect(reopened.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Helpful answer", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(reopened.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Unhelpful answer", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(reopened.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Helpful answer", Exact = true })).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(reopened.Nth(1).GetByLabel("Corrected answer (optional)")).ToHaveValueAsync("Austria: its capital is Vienna.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('knowledgehub.apiKey')"));

        // The refused key's 401 is a console error the browser logs by itself; anything else is the portal's fault.
        consoleErrors.RemoveAll(e => e.Contains("401", StringComparison.Ordinal));
        Assert.True(consoleErrors.Count == 0, "The page logged errors: " + string.Join(" | ", consoleErrors));
    }

    private async Task<ILocator> AskAsync(IPage page, string question, int index, bool requireFound = true)
    {
        await page.GetByLabel("Question").FillAsync(question);
        await page.GetByLabel("Question").PressAsync("Enter");
        await Expect(page.Locator(".message.question").Nth(index)).ToHaveTextAsync(question);
        var answer = page.Locator(".message.answer").Nth(index);
        await Expect(answer).ToHaveAttributeAsync("data-found", new Regex(requireFound ? "^true$" : "^(true|false)$"), new() { Timeout = 120_000 });

        // At least one `delta` event reached the page before the final `answer` event replaced the text.
        var deltas = await answer.GetAttributeAsync("data-deltas");
        Assert.True(int.TryParse(deltas, out var count) && count > 0, $"No streamed delta was shown for '{question}' (data-deltas={deltas}).");
        output.WriteLine($"{question} -> {await answer.Locator(".answer-text").InnerTextAsync()}");
        return answer;
    }

    /// <summary>
    /// Clicks every [n] button of the portal's answer in order and checks that the passage shows the API's citation
    /// for it (the k-th [n] is the k-th citation numbered n; extractive answers are deterministic): its file, its page
    /// for PDFs, and exactly its quote marked inside the chunk text. Returns the first marker's citation, left open.
    /// </summary>
    private static async Task<JsonElement> OpenEveryCitationAsync(IPage page, ILocator answer, JsonElement expected)
    {
        var buttons = answer.Locator(".answer-text .cite");
        await Expect(buttons.First).ToBeVisibleAsync();
        var citations = expected.GetProperty("citations").EnumerateArray().ToList();
        var seen = new Dictionary<int, int>();
        var opened = new List<JsonElement>();
        for (var i = 0; i < await buttons.CountAsync(); i++)
        {
            var number = int.Parse((await buttons.Nth(i).GetAttributeAsync("data-cite"))!, System.Globalization.CultureInfo.InvariantCulture);
            var sameNumber = citations.Where(c => c.GetProperty("number").GetInt32() == number).ToList();
            Assert.True(sameNumber.Count > 0, $"The portal shows citation [{number}] that the API's answer lacks: {expected}");
            var citation = sameNumber[Math.Min(seen.GetValueOrDefault(number), sameNumber.Count - 1)];
            seen[number] = seen.GetValueOrDefault(number) + 1;
            opened.Add(citation);

            await buttons.Nth(i).ClickAsync();
            await Expect(page.Locator("#passage")).ToBeVisibleAsync();
            var quote = citation.GetProperty("quote").GetString()!;
            await ExpectMarkedAsync(page, quote);
            await Expect(page.Locator("#passage-source")).ToContainTextAsync(citation.GetProperty("fileName").GetString()!);
            if (citation.TryGetProperty("page", out var pageNumber) && pageNumber.ValueKind == JsonValueKind.Number)
            {
                await Expect(page.Locator("#passage-source")).ToContainTextAsync($"page {pageNumber.GetInt32()}");
            }

            var passage = await page.Locator("#passage-text").InnerTextAsync();
            Assert.All(quote.Split('\n'), piece => Assert.Contains(piece, passage, StringComparison.Ordinal));
        }

        await buttons.First.ClickAsync();
        await ExpectMarkedAsync(page, opened[0].GetProperty("quote").GetString()!);
        return opened[0];
    }

    /// <summary>Each quoted span is marked, and nothing else: a table quote is its header row and the matching rows, apart.</summary>
    private static async Task ExpectMarkedAsync(IPage page, string quote)
    {
        var pieces = quote.Split('\n');
        await Expect(page.Locator("#passage-text mark")).ToHaveTextAsync(pieces);
        await Expect(page.Locator("#passage-mark")).ToHaveTextAsync(pieces[0]);
    }

    /// <summary>A real drop event carrying real files, as a person dragging them from a file manager produces.</summary>
    internal static async Task DropFilesAsync(IPage page, params string[] paths)
    {
        var files = paths.Select(p => new { name = Path.GetFileName(p), data = Convert.ToBase64String(File.ReadAllBytes(p)) }).ToArray();
        await page.EvaluateAsync(
            """
            (files) => {
              const transfer = new DataTransfer();
              for (const f of files) {
                const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], f.name));
              }
              const zone = document.querySelector('#dropzone');
              zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
              zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """,
            files);
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(DebianChromium.ScreenshotFolder);
        var path = Path.Combine(DebianChromium.ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
