using System.Net;
using System.Text;
using System.Text.Json;
using Hangfire;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Two huge uploads do not hold ingestion hostage: small documents go on being ingested by the workers that large
/// ones may not take, and deleting the large ones frees their worker at once with nothing of them left behind.
/// </summary>
public sealed class FairWorkersTests
{
    // Bounds that only keep a broken build from hanging CI.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    // The promise of a delete: the run it stops is over within seconds.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Twenty_small_files_complete_while_a_32_MB_single_line_page_and_a_200000_row_csv_are_still_ingesting_and_deleting_those_stops_them()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:RateLimits:Upload:PermitLimit=0");
        var page = await server.UploadAsync("huge-page.html", SingleLinePage(32 * 1024 * 1024));
        var table = await server.UploadAsync("big-table.csv", Csv(200_000));
        var small = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var upload = await server.UploadAsync($"memo-{i}.txt", Encoding.UTF8.GetBytes($"Memo {i}: the loading dock {i} opens at {7 + (i % 3)} am."));
            small.Add(upload.GetProperty("id").GetString()!);
        }

        foreach (var id in small)
        {
            var ended = await server.WaitForEndAsync(id, Limit);
            Assert.Equal("completed", ended.GetProperty("status").GetString());
        }

        var large = new[] { page.GetProperty("id").GetString()!, table.GetProperty("id").GetString()! };
        foreach (var id in large)
        {
            var document = await server.GetDocumentAsync(id);
            Assert.True(
                document.GetProperty("status").GetString() is "queued" or "processing",
                $"The large document {id} was expected to be still ingesting: {document}");
        }

        foreach (var id in large)
        {
            using var deleted = await server.Client.DeleteAsync($"/api/documents/{id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var monitoring = server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (monitoring.ProcessingCount() > 0 && clock.Elapsed < Limit)
        {
            await Task.Delay(100);
        }

        Assert.True(clock.Elapsed < Prompt, $"The stopped runs took {clock.Elapsed} to end.");
        foreach (var id in large)
        {
            Assert.Empty(await server.Services.GetRequiredService<IDocumentStore>().GetChunksAsync(id));
            Assert.Equal(0, await server.Services.GetRequiredService<ISearchIndex>().CountAsync("default", id));
        }
    }

    /// <summary>About <paramref name="bytes"/> of HTML without a line break: markup-heavy rows with a short sentence each.</summary>
    private static byte[] SingleLinePage(int bytes)
    {
        var html = new StringBuilder(bytes + 1024).Append("<!DOCTYPE html><html><head><title>Inventory</title></head><body><main>");
        for (var i = 0; html.Length < bytes; i++)
        {
            html.Append("<div class=\"row\" data-row=\"").Append(i).Append("\"><span class=\"cell label\">Bin ").Append(i % 5000)
                .Append("</span><span class=\"cell value\">holds ").Append(i % 97).Append(" valves.</span></div>");
        }

        return Encoding.UTF8.GetBytes(html.Append("</main></body></html>").ToString());
    }

    private static byte[] Csv(int rows)
    {
        var csv = new StringBuilder("order,customer,city,amount\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(i).Append(",Customer ").Append(i % 7919).Append(",City ").Append(i % 211).Append(',').Append((i * 37) % 10_000).Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
