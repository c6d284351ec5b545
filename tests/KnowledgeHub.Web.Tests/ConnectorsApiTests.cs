using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>The connectors API on the real host: validation, roles, a run through Hangfire, runs, delete with documents.</summary>
[Trait("Speed", "Slow")]
public sealed class ConnectorsApiTests
{
    [Fact]
    public async Task A_folder_connector_is_created_synced_through_a_job_and_deleted_with_its_documents()
    {
        var share = Path.Combine(Path.GetTempPath(), "kh-share-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(share);
        File.WriteAllText(Path.Combine(share, "a.md"), "# A\n\nThe wombat text.\n");
        File.WriteAllText(Path.Combine(share, "b.txt"), "The numbat text.");
        try
        {
            await using var server = await KnowledgeHubServer.StartAsync($"--KnowledgeHub:Connectors:Folder:AllowedRoots:0={share}");
            var ingest = server.ClientWith(await server.CreateKeyAsync("ingest"));

            using (var bad = await server.Client.PostAsJsonAsync("/api/connectors", new { name = "x", kind = "folder", settings = new { path = "/etc" } }, KnowledgeHubServer.Json))
            {
                var detail = await ApiKeyClients.AssertProblemAsync(bad, HttpStatusCode.BadRequest, "Invalid request");
                Assert.Contains("outside the allowed roots", detail, StringComparison.Ordinal);
                Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("settings.path", out _));
            }

            using (var badKind = await server.Client.PostAsJsonAsync("/api/connectors", new { name = "x", kind = "ftp" }, KnowledgeHubServer.Json))
            {
                await ApiKeyClients.AssertProblemAsync(badKind, HttpStatusCode.BadRequest, "Invalid request");
            }

            using (var byIngest = await ingest.PostAsJsonAsync("/api/connectors", new { name = "x", kind = "folder", settings = new { path = share } }, KnowledgeHubServer.Json))
            {
                Assert.Equal(HttpStatusCode.Forbidden, byIngest.StatusCode);
            }

            using var created = await server.Client.PostAsJsonAsync(
                "/api/connectors", new { name = "Share", kind = "folder", collection = "share", settings = new { path = share }, schedule = "0 3 * * *" }, KnowledgeHubServer.Json);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var connector = await created.Content.ReadFromJsonAsync<JsonElement>(KnowledgeHubServer.Json);
            var id = connector.GetProperty("id").GetString()!;
            Assert.Equal("0 3 * * *", connector.GetProperty("schedule").GetString());

            using var started = await ingest.PostAsync($"/api/connectors/{id}/sync", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var runId = (await started.Content.ReadFromJsonAsync<JsonElement>(KnowledgeHubServer.Json)).GetProperty("runId").GetString();

            var lastRun = await WaitForRunAsync(ingest, id);
            Assert.Equal(runId, lastRun.GetProperty("id").GetString());
            Assert.Equal(("completed", 2, 0), (lastRun.GetProperty("status").GetString(), lastRun.GetProperty("added").GetInt32(), lastRun.GetProperty("failed").GetInt32()));
            var documents = (await ingest.GetFromJsonAsync<JsonElement>("/api/documents?collection=share", KnowledgeHubServer.Json)).GetProperty("documents");
            Assert.Equal(2, documents.GetArrayLength());

            var one = await ingest.GetFromJsonAsync<JsonElement>($"/api/documents/{documents[0].GetProperty("id").GetString()}", KnowledgeHubServer.Json);
            Assert.Equal(id, one.GetProperty("source").GetProperty("connectorId").GetString());
            Assert.StartsWith("file://", one.GetProperty("source").GetProperty("uri").GetString(), StringComparison.Ordinal);

            var runs = (await ingest.GetFromJsonAsync<JsonElement>($"/api/connectors/{id}/runs", KnowledgeHubServer.Json)).GetProperty("runs");
            Assert.Equal(1, runs.GetArrayLength());
            var listed = (await ingest.GetFromJsonAsync<JsonElement>("/api/connectors", KnowledgeHubServer.Json)).GetProperty("connectors");
            Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());

            var other = server.ClientWith(await server.CreateKeyAsync("admin", tenant: "other"));
            using (var hidden = await other.GetAsync($"/api/connectors/{id}"))
            {
                await ApiKeyClients.AssertProblemAsync(hidden, HttpStatusCode.NotFound, "Connector not found");
            }

            using (var deleted = await server.Client.DeleteAsync($"/api/connectors/{id}"))
            {
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }

            var remaining = (await ingest.GetFromJsonAsync<JsonElement>("/api/documents?collection=share", KnowledgeHubServer.Json)).GetProperty("documents");
            Assert.Equal(0, remaining.GetArrayLength());
        }
        finally
        {
            Directory.Delete(share, recursive: true);
        }
    }

    [Fact]
    public async Task A_watched_folder_syncs_by_itself_when_a_file_is_added_and_when_one_is_deleted()
    {
        var share = Path.Combine(Path.GetTempPath(), "kh-watch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(share, "notes"));
        try
        {
            await using var server = await KnowledgeHubServer.StartAsync(
                $"--KnowledgeHub:Connectors:Folder:AllowedRoots:0={share}", "--KnowledgeHub:Connectors:Folder:WatchDebounce=00:00:00.300");

            // No schedule and no sync request: only the watcher can start runs.
            using var created = await server.Client.PostAsJsonAsync(
                "/api/connectors", new { name = "Watched", kind = "folder", collection = "watched", settings = new { path = share, watch = true } }, KnowledgeHubServer.Json);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(KnowledgeHubServer.Json)).GetProperty("id").GetString()!;

            // The watcher starts right after the connector is created; a file written before it watches is caught by
            // writing again until a run appears.
            var file = Path.Combine(share, "notes", "quokka.md");
            var first = await WaitForRunAsync(server.Client, id, () => File.WriteAllText(file, "# Quokka\n\nThe quokka lives on Rottnest Island.\n"));
            Assert.Equal(("completed", 1), (first.GetProperty("status").GetString(), first.GetProperty("added").GetInt32()));
            var documents = (await server.Client.GetFromJsonAsync<JsonElement>("/api/documents?collection=watched", KnowledgeHubServer.Json)).GetProperty("documents");
            Assert.Equal("notes › quokka.md", Assert.Single(documents.EnumerateArray()).GetProperty("fileName").GetString());

            File.Delete(file);
            var second = await WaitForRunAsync(server.Client, id, previousRun: first.GetProperty("id").GetString());
            Assert.Equal(("completed", 1), (second.GetProperty("status").GetString(), second.GetProperty("deleted").GetInt32()));
            var remaining = (await server.Client.GetFromJsonAsync<JsonElement>("/api/documents?collection=watched", KnowledgeHubServer.Json)).GetProperty("documents");
            Assert.Equal(0, remaining.GetArrayLength());
        }
        finally
        {
            Directory.Delete(share, recursive: true);
        }
    }

    /// <summary>The connector's last run once it has ended, skipping <paramref name="previousRun"/>; <paramref name="poke"/> runs at each poll that finds none.</summary>
    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, string id, Action? poke = null, string? previousRun = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        var polls = 0;
        while (true)
        {
            var connector = await client.GetFromJsonAsync<JsonElement>($"/api/connectors/{id}", KnowledgeHubServer.Json);
            if (connector.TryGetProperty("lastRun", out var run) && run.ValueKind == JsonValueKind.Object
                && run.GetProperty("id").GetString() != previousRun && run.GetProperty("status").GetString() != "running")
            {
                return run;
            }

            if (poke is not null && polls++ % 20 == 0 && !(connector.TryGetProperty("lastRun", out var started) && started.ValueKind == JsonValueKind.Object))
            {
                poke();
            }

            Assert.True(DateTime.UtcNow < deadline, $"The run did not end: {connector}");
            await Task.Delay(100);
        }
    }
}
