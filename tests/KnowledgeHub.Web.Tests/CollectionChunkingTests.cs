using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Chunk size and overlap per collection: from configuration (validated at start) and from the admin API, which
/// overrides it and re-chunks that collection's documents in the background as new versions of the same bytes.
/// </summary>
public sealed class CollectionChunkingTests
{
    // One section of plain sentences, so only the size decides where chunks end.
    private static readonly string Manual = "# Pump maintenance\n\n" + string.Join(
        " ",
        Enumerable.Range(1, 60).Select(i => $"Step {i} of the pump routine checks seal number {i} and records its wear in the maintenance log."));

    [Fact]
    public async Task A_collection_with_a_small_chunk_size_makes_more_and_shorter_chunks_than_the_default_for_the_same_document()
    {
        await using var server = await KnowledgeHubServer.StartAsync(
            "--KnowledgeHub:Chunking:Collections:small:MaxTokens=48", "--KnowledgeHub:Chunking:Collections:small:OverlapTokens=8");

        var small = await UploadAndWaitAsync(server, "small");
        var normal = await UploadAndWaitAsync(server, "normal");

        var smallChunks = await ChunksAsync(server.Client, small);
        var normalChunks = await ChunksAsync(server.Client, normal);
        Assert.True(smallChunks.Count > normalChunks.Count, $"small made {smallChunks.Count} chunks, the default {normalChunks.Count}.");
        Assert.All(smallChunks, c => Assert.True(c <= 48, $"A chunk of the small collection has {c} tokens."));
        Assert.True(normalChunks.Max() > 48, "The default collection's chunks are no longer than the small ones; the comparison shows nothing.");
        var setting = await server.Client.GetFromJsonAsync<JsonElement>("/api/collections/small/chunking");
        Assert.Equal(("configuration", 48, 8), (setting.GetProperty("source").GetString(), setting.GetProperty("maxTokens").GetInt32(), setting.GetProperty("overlapTokens").GetInt32()));
    }

    [Fact]
    public async Task Changing_a_collections_chunking_rechunks_only_its_documents_which_stay_searchable()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var manual = await UploadAndWaitAsync(server, "manuals");
        var other = await UploadAndWaitAsync(server, "others");
        var before = (await ChunksAsync(server.Client, manual)).Count;

        using var put = await server.Client.PutAsJsonAsync("/api/collections/manuals/chunking", new { maxTokens = 48, overlapTokens = 8 }, KnowledgeHubServer.Json);
        var answer = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        Assert.Equal(("api", 1), (answer.GetProperty("source").GetString(), answer.GetProperty("documentsQueued").GetInt32()));

        // Searchable while the re-chunk runs (the first version stays until the second is indexed), and after it.
        Assert.Contains(manual, await SearchAsync(server.Client, "seal wear maintenance log", "manuals"));
        var rechunked = await server.WaitForEndAsync(manual);
        Assert.Equal(("completed", 2), (rechunked.GetProperty("status").GetString(), rechunked.GetProperty("version").GetInt32()));
        var after = await ChunksAsync(server.Client, manual);
        Assert.True(after.Count > before, $"{after.Count} chunks after the change, {before} before.");
        Assert.All(after, c => Assert.True(c <= 48, $"A re-chunked chunk has {c} tokens."));
        Assert.Contains(manual, await SearchAsync(server.Client, "seal wear maintenance log", "manuals"));

        var untouched = await server.GetDocumentAsync(other);
        Assert.Equal(1, untouched.GetProperty("version").GetInt32());
        Assert.Equal(before, untouched.GetProperty("chunkCount").GetInt32());

        // The same setting again changes nothing; a reset goes back to the default and re-chunks again.
        using var same = await server.Client.PutAsJsonAsync("/api/collections/manuals/chunking", new { maxTokens = 48, overlapTokens = 8 }, KnowledgeHubServer.Json);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using var reset = await server.Client.DeleteAsync("/api/collections/manuals/chunking");
        Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        var restored = await server.WaitForEndAsync(manual);
        Assert.Equal(3, restored.GetProperty("version").GetInt32());
        Assert.Equal(before, restored.GetProperty("chunkCount").GetInt32());
    }

    [Fact]
    public async Task Bad_chunking_answers_400_naming_the_field_and_only_admin_keys_may_change_it()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        using var ask = server.ClientWith(await CreateAskKeyAsync(server));

        using var overlapTooLarge = await server.Client.PutAsJsonAsync("/api/collections/manuals/chunking", new { maxTokens = 64, overlapTokens = 64 }, KnowledgeHubServer.Json);
        using var tooSmall = await server.Client.PutAsJsonAsync("/api/collections/manuals/chunking", new { maxTokens = 16, overlapTokens = 0 }, KnowledgeHubServer.Json);
        using var missing = await server.Client.PutAsJsonAsync("/api/collections/manuals/chunking", new { overlapTokens = 8 }, KnowledgeHubServer.Json);
        using var badName = await server.Client.PutAsJsonAsync("/api/collections/bad%20name/chunking", new { maxTokens = 64 }, KnowledgeHubServer.Json);
        using var notAdmin = await ask.PutAsJsonAsync("/api/collections/manuals/chunking", new { maxTokens = 64, overlapTokens = 8 }, KnowledgeHubServer.Json);

        Assert.Contains("overlapTokens", await ApiKeyClients.AssertProblemAsync(overlapTooLarge, HttpStatusCode.BadRequest, "Invalid request"), StringComparison.Ordinal);
        Assert.Contains("maxTokens", await ApiKeyClients.AssertProblemAsync(tooSmall, HttpStatusCode.BadRequest, "Invalid request"), StringComparison.Ordinal);
        Assert.Contains("maxTokens", await ApiKeyClients.AssertProblemAsync(missing, HttpStatusCode.BadRequest, "Invalid request"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        var setting = await server.Client.GetFromJsonAsync<JsonElement>("/api/collections/manuals/chunking");
        Assert.Equal(("default", 256), (setting.GetProperty("source").GetString(), setting.GetProperty("maxTokens").GetInt32()));
    }

    [Theory]
    [InlineData("MaxTokens=64", "OverlapTokens=64", "KnowledgeHub:Chunking:Collections:papers: OverlapTokens (64) must be smaller than MaxTokens (64)")]
    [InlineData("MaxTokens=16", "OverlapTokens=0", "KnowledgeHub:Chunking:Collections:papers")]
    [InlineData("MaxTokens=32", "MaxTokens=32", "KnowledgeHub:Chunking:Collections:papers: OverlapTokens (32) must be smaller than MaxTokens (32)")]
    public async Task A_bad_chunking_entry_for_a_collection_stops_the_server_at_start_naming_it(string size, string overlap, string expected)
    {
        await using var app = KnowledgeHubApp.CreateServer(
            [
                "--urls", "http://127.0.0.1:0", $"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}",
                $"--KnowledgeHub:Chunking:Collections:papers:{size}", $"--KnowledgeHub:Chunking:Collections:papers:{overlap}",
            ]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> UploadAndWaitAsync(KnowledgeHubServer server, string collection)
    {
        var uploaded = await server.UploadAsync("pump-manual.md", Encoding.UTF8.GetBytes(Manual), collection);
        var id = uploaded.GetProperty("id").GetString()!;
        var done = await server.WaitForEndAsync(id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        return id;
    }

    /// <summary>The token counts of the document's current chunks, in order.</summary>
    private static async Task<List<int>> ChunksAsync(HttpClient client, string id)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}/chunks?limit=200");
        return [.. page.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("tokenCount").GetInt32())];
    }

    private static async Task<List<string>> SearchAsync(HttpClient client, string query, string collection)
    {
        using var response = await client.PostAsJsonAsync("/api/search", new { query, collection, top = 5 }, KnowledgeHubServer.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("documentId").GetString()!)];
    }

    private static async Task<string> CreateAskKeyAsync(KnowledgeHubServer server)
    {
        using var response = await server.Client.PostAsJsonAsync("/api/keys", new { name = "asker", role = "ask" }, KnowledgeHubServer.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }
}
