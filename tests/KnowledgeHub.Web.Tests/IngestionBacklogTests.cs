using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>A big backlog through the HTTP surface: exact counts, bounded lists; a queued document without its original.</summary>
public sealed class IngestionBacklogTests
{
    private const int Backlog = 100_000;

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task The_queue_endpoint_and_the_document_list_count_a_100k_backlog_exactly_and_list_bounded_pages()
    {
        await using var server = await KnowledgeHubServer.StartAsync();

        // Written after the start's re-queue, so no job takes them (the next periodic sweep is minutes away): they stay queued.
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(server.DataPath, "knowledgehub.db"), Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {Backlog})
                INSERT INTO documents (id, tenant, collection, file_name, content_hash, size_bytes, version, status, created_at, updated_at)
                SELECT 'doc_backlog_' || n, 'default', 'backlog', 'q' || n || '.txt', 'hash-q' || n, 100, 1, 'queued',
                    strftime('%Y-%m-%dT%H:%M:%S', '2024-05-01 10:00:00', '+' || (n % 997) || ' seconds') || '.0000000+00:00',
                    strftime('%Y-%m-%dT%H:%M:%S', '2024-05-01 10:00:00', '+' || (n % 997) || ' seconds') || '.0000000+00:00'
                FROM g;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var queue = await server.Client.GetFromJsonAsync<JsonElement>("/api/ingestion");
        Assert.Equal(Backlog, queue.GetProperty("queued").GetInt32());
        Assert.Equal(0, queue.GetProperty("processingCount").GetInt32());
        Assert.Equal(IngestionBacklog.QueuedShown, queue.GetProperty("queuedDocuments").GetArrayLength());

        // Nothing completed in the last minute, so there is no rate to estimate the drain from.
        Assert.False(queue.TryGetProperty("estimatedDrainSeconds", out _));

        var list = await server.Client.GetFromJsonAsync<JsonElement>("/api/documents?status=queued&collection=backlog&limit=50");
        Assert.Equal(Backlog, list.GetProperty("total").GetInt32());
        Assert.Equal(50, list.GetProperty("documents").GetArrayLength());
        Assert.All(list.GetProperty("documents").EnumerateArray(), d => Assert.Equal("queued", d.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_queued_document_whose_original_is_gone_is_queued_again_at_start_and_fails_with_the_reason_while_the_other_completes()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        string kept, lost;
        await using (var tool = KnowledgeHubApp.CreateTool([$"--KnowledgeHub:DataPath={dataPath}"]))
        {
            await tool.Services.GetRequiredService<IDocumentStore>().InitializeAsync();
            var documents = tool.Services.GetRequiredService<DocumentService>();
            using var keptBody = new MemoryStream(Encoding.UTF8.GetBytes("Lighthouses warn ships away from dangerous rocks at night."));
            kept = (await documents.UploadAsync("default", null, "lighthouse.txt", "text/plain", keptBody, enqueue: false)).Document.Id;
            using var lostBody = new MemoryStream(Encoding.UTF8.GetBytes("Tides rise and fall twice a day along most coasts."));
            var lostUpload = await documents.UploadAsync("default", null, "tides.txt", "text/plain", lostBody, enqueue: false);
            lost = lostUpload.Document.Id;

            // The row stays queued while its bytes vanish (a partial restore, a hand-cleaned originals folder).
            tool.Services.GetRequiredService<ContentStore>().Delete(lostUpload.Document.ContentHash);
        }

        await using var server = await KnowledgeHubServer.StartInAsync(dataPath);

        var failed = await server.WaitForEndAsync(lost);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("stored original of this document is missing", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", (await server.WaitForEndAsync(kept)).GetProperty("status").GetString());
    }
}
