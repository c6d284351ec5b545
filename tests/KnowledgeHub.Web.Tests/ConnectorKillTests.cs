using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The host is a separate process SIGKILLed in the middle of a website sync of 100 pages and started again on the same
/// data folder: the same run completes, and every page is indexed once (one document, version 1, each).
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ConnectorKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PageCount = 100;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private readonly List<HostProcess> hosts = [];
    private readonly string dataPath = KnowledgeHubServer.NewDataPath();
    private readonly ConcurrentQueue<string> requests = new();
    private WebApplication? site;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        site = builder.Build();
        site.Use(async (context, next) =>
        {
            requests.Enqueue(context.Request.Path.Value ?? "/");
            await next();
        });
        site.MapGet("/docs/index.html", () => Html("Index", "The index of every page.", Enumerable.Range(0, PageCount).Select(Name)));
        site.MapGet("/docs/{name}", (HttpContext context, string name) =>
        {
            var etag = $"\"v1-{name}\"";
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            context.Response.Headers.ETag = etag;
            var number = name.Replace("page-", string.Empty, StringComparison.Ordinal).Replace(".html", string.Empty, StringComparison.Ordinal);
            return Html("Page " + number, $"Page {number} tells of the kiwi{number}bird and its habits.", []);
        });
        await site.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        if (site is not null)
        {
            await site.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the test.
        }
    }

    [Fact]
    public async Task A_website_sync_killed_midway_completes_after_restart_with_every_page_indexed_once()
    {
        try
        {
            await RunAsync();
        }
        catch
        {
            foreach (var host in hosts)
            {
                output.WriteLine(host.Output);
            }

            throw;
        }
    }

    private async Task RunAsync()
    {
        var address = new Uri(site!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = await StartAsync("killed host");
        using var created = await host.Client.PostAsJsonAsync(
            "/api/connectors",
            new { name = "site", kind = "web", collection = "site", settings = new { startUrls = new[] { new Uri(address, "/docs/index.html").ToString() }, maxPages = 500 } },
            KnowledgeHubServer.Json);
        var connector = await created.Content.ReadFromJsonAsync<JsonElement>(KnowledgeHubServer.Json);
        Assert.True(created.IsSuccessStatusCode, connector.ToString());
        var id = connector.GetProperty("id").GetString()!;
        using var started = await host.Client.PostAsync($"/api/connectors/{id}/sync", null);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>(KnowledgeHubServer.Json)).GetProperty("runId").GetString();

        // Killed once a third of the pages were fetched: some indexed, the rest not yet listed.
        var deadline = DateTime.UtcNow + Limit;
        while (requests.Count(r => r.StartsWith("/docs/page-", StringComparison.Ordinal)) < PageCount / 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "The crawl did not get going.");
            await Task.Delay(20);
        }

        host.Kill();
        var fetchedBeforeKill = requests.Count(r => r.StartsWith("/docs/page-", StringComparison.Ordinal));
        output.WriteLine($"SIGKILL after {fetchedBeforeKill} page requests");
        Assert.True(fetchedBeforeKill < PageCount, "The crawl finished before the kill; the test would exercise nothing.");

        host = await StartAsync("restarted host");
        JsonElement run;
        while (true)
        {
            var current = await host.Client.GetFromJsonAsync<JsonElement>($"/api/connectors/{id}", KnowledgeHubServer.Json);
            run = current.GetProperty("lastRun");
            if (run.GetProperty("status").GetString() != "running")
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The run did not finish after the restart: {current}");
            await Task.Delay(200);
        }

        Assert.Equal(runId, run.GetProperty("id").GetString());
        Assert.Equal(
            ("completed", PageCount + 1, 0, 0, 0),
            (run.GetProperty("status").GetString(), run.GetProperty("added").GetInt32(), run.GetProperty("updated").GetInt32(), run.GetProperty("deleted").GetInt32(), run.GetProperty("failed").GetInt32()));

        var documents = await host.WaitForDocumentsAsync(
            d => d.Count(x => x.GetProperty("collection").GetString() == "site" && x.GetProperty("status").GetString() == "completed") == PageCount + 1,
            Limit,
            TimeSpan.FromMilliseconds(250));
        var pages = documents.Where(d => d.GetProperty("collection").GetString() == "site").ToList();
        Assert.Equal(PageCount + 1, pages.Count);
        Assert.Equal(PageCount + 1, pages.Select(d => d.GetProperty("fileName").GetString()).Distinct().Count());
        Assert.All(pages, d => Assert.Equal(1, d.GetProperty("version").GetInt32()));
        var hits = await host.SearchAsync("kiwi42bird", 5);
        output.WriteLine(hits.ToString());
    }

    private async Task<HostProcess> StartAsync(string label)
    {
        var host = HostProcess.Start(
            dataPath,
            label,
            "--KnowledgeHub:Connectors:Web:AllowPrivateNetworks=true",
            "--KnowledgeHub:Connectors:Web:RequestDelay=00:00:00.050",
            "--KnowledgeHub:Connectors:LeaseDuration=00:00:04");
        hosts.Add(host);
        await host.WaitUntilAnsweringAsync();
        return host;
    }

    private static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"page-{i:D3}.html");

    private static IResult Html(string title, string body, IEnumerable<string> links) =>
        Results.Content(
            $"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>{string.Concat(links.Select(l => $"<a href=\"{l}\">{l}</a> "))}</body></html>",
            "text/html");
}
