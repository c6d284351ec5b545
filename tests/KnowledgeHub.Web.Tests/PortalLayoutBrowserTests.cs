using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The portal at a phone, two laptop and a desktop width, with the documents that break layouts: a 150-character file
/// name without spaces, a PDF that fails to ingest, an empty file, a file the server refuses to take, and a document
/// in the middle of processing.
/// </summary>
public sealed class PortalLayoutBrowserTests(ITestOutputHelper output)
{
    private const string Collection = "layout-test";
    private const string BrokenPdf = "scanned-contract-broken.pdf";
    private const string EmptyFile = "empty-notes.txt";
    private const string TooLarge = "site-survey-export.csv";
    private const int UploadLimit = 65_536;
    private const string InProgressId = "in-progress-layout-doc";

    // The red every error in the portal is written in (#b3261e); a failure shown in progress blue would not match it.
    private const string ErrorRed = "rgb(179, 38, 30)";

    private static readonly string LongName = MakeLongName(150);

    [BrowserFact]
    public async Task Portal_fits_phone_laptop_and_desktop_widths_with_actions_visible_long_names_truncated_and_failures_shown_red()
    {
        Assert.Equal(150, LongName.Length);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        await using var server = await KnowledgeHubServer.StartAsync($"--KnowledgeHub:Ingestion:MaxUploadBytes={UploadLimit}");
        var page = await DebianChromium.NewPageAsync(browser);
        await page.SetViewportSizeAsync(1366, 900);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        // A document mid-ingestion lasts a moment on a real server; it is added to the listing so that every width is
        // looked at with a progress bar in the table.
        await page.RouteAsync(new Regex(@"/api/documents\?"), AddInProgressDocumentAsync);

        await DebianChromium.SignInAsync(page, server);
        await Expect(page.Locator("#app")).ToBeVisibleAsync();

        var folder = Directory.CreateTempSubdirectory("kh-layout-").FullName;
        var longFile = Path.Combine(folder, LongName);
        await File.WriteAllTextAsync(longFile, "Supplier renewals. The northern region renews its cleaning contract every spring, after a tender that runs for six weeks.");
        var brokenPdf = Path.Combine(folder, BrokenPdf);
        await File.WriteAllBytesAsync(brokenPdf, [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251))]);
        var emptyFile = Path.Combine(folder, EmptyFile);
        await File.WriteAllBytesAsync(emptyFile, []);
        var tooLarge = Path.Combine(folder, TooLarge);
        await File.WriteAllTextAsync(tooLarge, string.Concat(Enumerable.Repeat("point,north,east,height\n", (2 * UploadLimit / 24) + 1)));

        await page.GetByLabel("or new collection").FillAsync(Collection);
        await PortalBrowserTests.DropFilesAsync(page, longFile, brokenPdf, emptyFile, tooLarge);
        await Expect(page.Locator("#uploads li")).ToHaveCountAsync(4);
        var longRow = page.Locator("#documents tbody tr[data-status='completed']", new() { HasText = LongName[..40] });
        await Expect(longRow).ToBeVisibleAsync(new() { Timeout = 300_000 });
        var failedRow = page.Locator("#documents tbody tr[data-status='failed']", new() { HasText = BrokenPdf });
        await Expect(failedRow).ToBeVisibleAsync(new() { Timeout = 300_000 });
        await Expect(page.Locator($"#documents tbody tr[data-id='{InProgressId}'] progress")).ToBeVisibleAsync();
        var failedUpload = page.Locator($"#uploads li[data-file='{BrokenPdf}']");
        await Expect(failedUpload).ToHaveAttributeAsync("data-status", "failed");
        var emptyUpload = page.Locator($"#uploads li[data-file='{EmptyFile}']");
        await Expect(emptyUpload).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = 300_000 });
        var refusedUpload = page.Locator($"#uploads li[data-file='{TooLarge}']");
        await Expect(refusedUpload).ToHaveAttributeAsync("data-status", "failed");
        Directory.Delete(folder, recursive: true);

        var reason = await server.GetDocumentAsync((await failedRow.GetAttributeAsync("data-id"))!);
        var failure = reason.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(failure), $"The broken PDF failed without a reason: {reason}");

        // Every width is looked at and every problem listed before the test fails, so one run shows the whole picture.
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        async Task ExpectAsync(Func<Task> expectation, string what)
        {
            try
            {
                await expectation();
            }
            catch (Exception ex) when (ex is PlaywrightException or Xunit.Sdk.XunitException)
            {
                problems.Add($"{what}: {ex.Message.Split('\n')[0]}");
            }
        }

        // The collection box keeps focus after the drop; its focus ring is not part of the layout being looked at.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        foreach (var width in new[] { 390, 1366, 1440, 1920 })
        {
            await page.SetViewportSizeAsync(width, 900);
            var layout = await MeasureAsync(page);
            output.WriteLine($"{width} px: {layout}");
            await ScreenshotAsync(page, $"portal-{width}");

            Check(
                layout.GetProperty("scrollWidth").GetInt32() <= width,
                $"At {width} px the page scrolls sideways: it is {layout.GetProperty("scrollWidth").GetInt32()} px wide.");
            CheckActions(layout, width, Check);

            var name = layout.GetProperty("longName");
            Check(name.GetProperty("title").GetString() == LongName, $"At {width} px the long file name has no title with the full name (title: {name.GetProperty("title")}).");
            Check(
                name.GetProperty("scrollWidth").GetInt32() > name.GetProperty("clientWidth").GetInt32(),
                $"At {width} px the long file name is not truncated (scrollWidth {name.GetProperty("scrollWidth").GetInt32()}, clientWidth {name.GetProperty("clientWidth").GetInt32()}).");
            Check(name.GetProperty("textOverflow").GetString() == "ellipsis", $"At {width} px the long file name is cut without an ellipsis.");

            // The chat stays usable: the question box and its buttons are on screen.
            foreach (var control in layout.GetProperty("ask").EnumerateArray())
            {
                Check(
                    control.GetProperty("left").GetDouble() >= 0 && control.GetProperty("right").GetDouble() <= width,
                    $"At {width} px '{control.GetProperty("label").GetString()}' is outside the viewport ({control.GetProperty("left").GetDouble()}-{control.GetProperty("right").GetDouble()}).");
            }
        }

        // Each row's actions at 1,366 px, as seen by Playwright itself and not only by the page's own geometry.
        await page.SetViewportSizeAsync(1366, 900);
        await Expect(page.Locator("#documents tbody tr")).ToHaveCountAsync(4);
        var buttons = page.Locator("#documents tbody td.actions button");
        Assert.True(await buttons.CountAsync() >= 5, "Expected Delete on every row and Retry on the failed one.");
        for (var i = 0; i < await buttons.CountAsync(); i++)
        {
            // The table is rebuilt on every poll; a button caught between two rebuilds has no box, and the next read does.
            LocatorBoundingBoxResult? box = null;
            for (var attempt = 0; box is null && attempt < 5; attempt++)
            {
                box = await buttons.Nth(i).BoundingBoxAsync();
            }

            Assert.NotNull(box);
            Check(box.X >= 0 && box.X + box.Width <= 1366, $"Action {i} ({await buttons.Nth(i).GetAttributeAsync("aria-label")}) lies at {box.X}+{box.Width}, outside 1,366 px.");
        }

        await ExpectAsync(() => Expect(longRow.Locator(".file-name")).ToHaveAttributeAsync("title", LongName), "long name title");

        // A failed document and a failed upload read as failed: red, with the reason, and no full progress bar.
        await ExpectAsync(() => Expect(failedRow.Locator(".status")).ToHaveCSSAsync("color", ErrorRed), "failed document's status in red");
        await ExpectAsync(() => Expect(failedRow).ToContainTextAsync(failure!), "failed document's reason shown");
        await ExpectAsync(() => Expect(failedRow.Locator("progress")).ToHaveCountAsync(0), "no progress bar on the failed document");
        foreach (var upload in new[] { failedUpload, emptyUpload, refusedUpload })
        {
            await ExpectAsync(() => Expect(upload.Locator("progress")).ToBeHiddenAsync(), $"no progress bar on failed upload {await upload.GetAttributeAsync("data-file")}");
            await ExpectAsync(() => Expect(upload.Locator(".failed-bar")).ToHaveCSSAsync("background-color", ErrorRed), $"red bar on failed upload {await upload.GetAttributeAsync("data-file")}");
            await ExpectAsync(() => Expect(upload.Locator(".upload-state")).ToHaveCSSAsync("color", ErrorRed), $"failed upload {await upload.GetAttributeAsync("data-file")} in red");
            await ExpectAsync(() => Expect(upload.Locator(".upload-state")).ToContainTextAsync("failed"), $"failed upload {await upload.GetAttributeAsync("data-file")} says failed");
        }

        await ExpectAsync(() => Expect(failedUpload.Locator(".upload-state")).ToContainTextAsync(failure!), "failed upload gives the ingestion's reason");
        await ExpectAsync(() => Expect(page.Locator("#uploads li[data-status='completed'] progress")).ToBeVisibleAsync(), "completed upload keeps its progress bar");
        // Without a failed row the actions column narrows to one button; Delete must still fit inside the panel.
        var failedDocuments = await server.Client.GetFromJsonAsync<JsonElement>("/api/documents?status=failed", KnowledgeHubServer.Json);
        foreach (var failed in failedDocuments.GetProperty("documents").EnumerateArray())
        {
            (await server.Client.DeleteAsync($"/api/documents/{failed.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        }

        await Expect(page.Locator("#documents tbody tr[data-status='failed']")).ToHaveCountAsync(0);
        var withoutRetry = await MeasureAsync(page);
        await ScreenshotAsync(page, "portal-1366-no-failures");
        CheckActions(withoutRetry, 1366, Check);
        Assert.True(problems.Count == 0, "The layout is wrong:\n" + string.Join("\n", problems));
        Assert.Empty(pageErrors);
    }

    /// <summary>Every action button lies inside the viewport and inside the documents panel (not under the chat beside it).</summary>
    private static void CheckActions(JsonElement layout, int width, Action<bool, string> check)
    {
        var panelRight = layout.GetProperty("sectionRight").GetDouble();
        foreach (var button in layout.GetProperty("actions").EnumerateArray())
        {
            var (left, right) = (button.GetProperty("left").GetDouble(), button.GetProperty("right").GetDouble());
            check(
                left >= 0 && right <= width && right <= panelRight,
                $"At {width} px the button '{button.GetProperty("label").GetString()}' spans {left}-{right}, outside the viewport or the documents panel (right edge {panelRight}).");
        }
    }

    /// <summary>The geometry the assertions need, read in one go so that a table refresh cannot fall between two reads.</summary>
    private static async Task<JsonElement> MeasureAsync(IPage page) => await page.EvaluateAsync<JsonElement>(
        """
        (longName) => {
          const box = (node, label) => { const r = node.getBoundingClientRect(); return { label, left: r.left, right: r.right }; };
          const name = [...document.querySelectorAll('#documents .file-name')].find((n) => n.textContent === longName);
          return {
            scrollWidth: document.documentElement.scrollWidth,
            sectionRight: document.querySelector('#documents-section').getBoundingClientRect().right,
            actions: [...document.querySelectorAll('#documents tbody td.actions button')].map((b) => box(b, b.getAttribute('aria-label'))),
            ask: ['#question', '#ask-button', '#new-conversation'].map((s) => box(document.querySelector(s), s)),
            longName: name
              ? { title: name.getAttribute('title'), scrollWidth: name.scrollWidth, clientWidth: name.clientWidth, textOverflow: getComputedStyle(name).textOverflow }
              : { title: null, scrollWidth: 0, clientWidth: 0, textOverflow: '' },
          };
        }
        """,
        LongName);

    private static async Task AddInProgressDocumentAsync(IRoute route)
    {
        var response = await route.FetchAsync();
        if (!response.Ok || route.Request.Method != "GET")
        {
            await route.FulfillAsync(new() { Response = response });
            return;
        }

        var listing = JsonNode.Parse(await response.TextAsync())!.AsObject();
        {
            var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            listing["documents"]!.AsArray().Insert(0, new JsonObject
            {
                ["id"] = InProgressId,
                ["fileName"] = "staff-handbook-2026.pdf",
                ["collection"] = Collection,
                ["status"] = "processing",
                ["progress"] = new JsonObject { ["step"] = "embedding", ["done"] = 42, ["total"] = 120 },
                ["pageCount"] = 36,
                ["sizeBytes"] = 1_250_000,
                ["version"] = 1,
                ["attempts"] = 1,
                ["createdAt"] = now,
                ["updatedAt"] = now,
            });
            listing["total"] = listing["total"]!.GetValue<int>() + 1;
        }

        await route.FulfillAsync(new() { Response = response, Body = listing.ToJsonString() });
    }

    private static string MakeLongName(int length)
    {
        const string stem = "Northern_region_supplier_contract_renewals_2026_consolidated_board_pack_with_risk_register_and_signed_appendices_final_version_approved_by_legal";
        var name = stem;
        while (name.Length < length - 4)
        {
            name += "_x";
        }

        return name[..(length - 4)] + ".txt";
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(DebianChromium.ScreenshotFolder);
        var path = Path.Combine(DebianChromium.ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
