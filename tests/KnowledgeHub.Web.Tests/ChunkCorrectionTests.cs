using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// PATCH /api/chunks/{id}: a corrected chunk is found by its new text and not its old one (keyword and dense, through the
/// real encoder), an excluded chunk is never returned or cited (search, ask, chat completions); both are audited, listed,
/// and survive a restart of the host on the same data folder and a re-upload of the same bytes, while a version with
/// other bytes starts without them.
/// </summary>
public sealed class ChunkCorrectionTests
{
    private const string Manual = """
        # Plant maintenance

        ## Pumps

        The centrifugal pump impeller is inspected every spring for cavitation pitting.

        ## Valves

        The butterfly valve actuator is greased monthly with lithium grease.

        ## Fans

        The cooling tower fan bearings are replaced every second year.
        """;

    private const string NewText = "The gearbox lubrication schedule is checked every autumn by the duty engineer.";
    private const string OldQuery = "centrifugal pump impeller inspected for cavitation pitting";
    private const string NewQuery = "gearbox lubrication schedule checked every autumn";
    private const string ExcludedQuery = "butterfly valve actuator greased monthly with lithium grease";

    // The test host's admin key is its bootstrap key, whose key id is fixed.
    private const string AccessClaimsBootstrap = "bootstrap";

    [Fact]
    public async Task A_corrected_chunk_is_found_by_its_new_text_only_and_an_excluded_one_never_comes_back_even_after_a_restart()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        string id, pumps, valves;
        double oldScoreBefore;
        await using (var server = await KnowledgeHubServer.StartInAsync(dataPath))
        {
            server.KeepDataOnDispose = true;
            id = await UploadManualAsync(server.Client);
            (pumps, valves) = await ChunkIdsAsync(server.Client, id);
            oldScoreBefore = await DenseScoreAsync(server.Client, OldQuery, pumps);
            Assert.NotEmpty(await KeywordIdsAsync(server.Client, "impeller cavitation"));
            Assert.Contains(valves, await SearchIdsAsync(server.Client, ExcludedQuery, "keyword"));

            var corrected = await PatchAsync(server.Client, pumps, new { text = NewText });
            var excluded = await PatchAsync(server.Client, valves, new { excluded = true });

            Assert.Equal((NewText, true, false), (corrected.GetProperty("text").GetString(), corrected.GetProperty("corrected").GetBoolean(), corrected.GetProperty("excluded").GetBoolean()));
            Assert.Contains("The centrifugal pump impeller", corrected.GetProperty("originalText").GetString(), StringComparison.Ordinal);
            Assert.Equal(AccessClaimsBootstrap, corrected.GetProperty("editedBy").GetString());
            Assert.Equal(JsonValueKind.String, corrected.GetProperty("editedAt").ValueKind);
            Assert.Equal((false, true), (excluded.GetProperty("corrected").GetBoolean(), excluded.GetProperty("excluded").GetBoolean()));
            Assert.False(excluded.TryGetProperty("originalText", out _), "An excluded chunk without a text correction has no original text to show.");
            await AssertCorrectionsHoldAsync(server.Client, id, pumps, valves, oldScoreBefore);
        }

        await using (var restarted = await KnowledgeHubServer.StartInAsync(dataPath))
        {
            await AssertCorrectionsHoldAsync(restarted.Client, id, pumps, valves, oldScoreBefore);

            // Including the chunk again puts it back into retrieval, embedded as it is.
            var included = await PatchAsync(restarted.Client, valves, new { excluded = false });
            Assert.False(included.GetProperty("excluded").GetBoolean());
            Assert.Contains(valves, await SearchIdsAsync(restarted.Client, ExcludedQuery, "keyword"));
            Assert.Contains(valves, await SearchIdsAsync(restarted.Client, ExcludedQuery, "dense"));
        }
    }

    [Fact]
    public async Task Corrections_come_back_with_the_same_bytes_and_not_with_a_version_of_other_bytes()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var id = await UploadManualAsync(server.Client);
        var (pumps, valves) = await ChunkIdsAsync(server.Client, id);
        var oldScoreBefore = await DenseScoreAsync(server.Client, OldQuery, pumps);
        await PatchAsync(server.Client, pumps, new { text = NewText });
        await PatchAsync(server.Client, valves, new { excluded = true });

        // The very same bytes again: a duplicate of the current version, corrections untouched.
        Assert.Equal(id, await UploadManualAsync(server.Client));
        await AssertCorrectionsHoldAsync(server.Client, id, pumps, valves, oldScoreBefore);

        // Other bytes under the same name: a new version, chunked afresh, without the corrections of the old bytes.
        var otherBytes = Manual + "\n\nThe compressor intake filter is changed every quarter.\n";
        using (var response = await server.Client.SendUploadAsync("manual.md", Encoding.UTF8.GetBytes(otherBytes)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var second = await server.WaitForEndAsync(id);
        Assert.Equal(("completed", 2), (second.GetProperty("status").GetString(), second.GetProperty("version").GetInt32()));
        var (pumps2, valves2) = await ChunkIdsAsync(server.Client, id);
        Assert.NotEmpty(await KeywordIdsAsync(server.Client, "impeller cavitation"));
        Assert.Contains(valves2, await SearchIdsAsync(server.Client, ExcludedQuery, "keyword"));
        Assert.Empty(await KeywordIdsAsync(server.Client, "gearbox lubrication"));
        var listed = await ListChunksAsync(server.Client, id);
        Assert.All(listed, c => Assert.False(c.GetProperty("corrected").GetBoolean() || c.GetProperty("excluded").GetBoolean()));

        // The first bytes again: a third version, re-chunked and re-embedded, and the corrections made on them apply again.
        using (var response = await server.Client.SendUploadAsync("manual.md", Encoding.UTF8.GetBytes(Manual)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var third = await server.WaitForEndAsync(id);
        Assert.Equal(3, third.GetProperty("version").GetInt32());
        var (pumps3, valves3) = await ChunkIdsAsync(server.Client, id, corrected: true);
        Assert.NotEqual(pumps2, pumps3);
        await AssertCorrectionsHoldAsync(server.Client, id, pumps3, valves3, oldScoreBefore);
    }

    [Fact]
    public async Task Bad_changes_get_clear_problems_and_a_chunk_the_key_cannot_read_answers_404_like_a_missing_one()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Manual));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "manual.md");
        form.Add(new StringContent("board"), "accessGroups");
        using var upload = await server.Client.PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var id = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await server.WaitForEndAsync(id);
        var (pumps, _) = await ChunkIdsAsync(server.Client, id);

        using var hrIngest = server.ClientWith(await CreateKeyAsync(server, "ingest", ["hr"]));
        using var ask = server.ClientWith(await CreateKeyAsync(server, "ask", []));
        using var forbidden = await hrIngest.PatchAsync($"/api/chunks/{pumps}", Json(new { excluded = true }));
        using var missing = await server.Client.PatchAsync($"/api/chunks/{id}:1:999", Json(new { excluded = true }));
        var forbiddenDetail = await ApiKeyClients.AssertProblemAsync(forbidden, HttpStatusCode.NotFound, "Chunk not found");
        Assert.Equal(await ApiKeyClients.AssertProblemAsync(missing, HttpStatusCode.NotFound, "Chunk not found"), forbiddenDetail.Replace(pumps, $"{id}:1:999", StringComparison.Ordinal));
        using (var askPatch = await ask.PatchAsync($"/api/chunks/{pumps}", Json(new { excluded = true })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, askPatch.StatusCode);
        }

        await AssertBadRequestAsync(server.Client, pumps, """{"text": "   "}""", "Invalid request", "text");
        await AssertBadRequestAsync(server.Client, pumps, JsonSerializer.Serialize(new { text = string.Join(' ', Enumerable.Repeat("lubrication", 2000)) }), "Invalid request", "text");
        await AssertBadRequestAsync(server.Client, pumps, """{"text": "fine", "exclude": true}""", "Invalid request", "exclude");
        await AssertBadRequestAsync(server.Client, pumps, """{"excluded": "yes"}""", "Invalid request", "excluded");
        await AssertBadRequestAsync(server.Client, pumps, """{"text": "unterminated""", "Malformed JSON", "body");
        await AssertBadRequestAsync(server.Client, pumps, "{}", "Invalid request", "body");

        // Nothing was changed by any refused request.
        var chunk = await server.Client.GetFromJsonAsync<JsonElement>($"/api/chunks/{pumps}");
        Assert.Equal((false, false), (chunk.GetProperty("corrected").GetBoolean(), chunk.GetProperty("excluded").GetBoolean()));
        Assert.False(chunk.TryGetProperty("editedBy", out _), "A chunk nobody changed has no editor.");
    }

    private static async Task AssertCorrectionsHoldAsync(HttpClient client, string id, string pumps, string valves, double oldScoreBefore)
    {
        // Corrected: the new words find it in keyword search, the old ones find nothing; its vector is the new text's.
        Assert.Equal(pumps, (await KeywordIdsAsync(client, "gearbox lubrication")).First());
        Assert.Empty(await KeywordIdsAsync(client, "impeller cavitation"));
        Assert.Equal(pumps, (await SearchIdsAsync(client, NewQuery, "dense"))[0]);
        var oldScoreAfter = await DenseScoreAsync(client, OldQuery, pumps);
        var newScore = await DenseScoreAsync(client, NewQuery, pumps);
        Assert.True(oldScoreAfter < oldScoreBefore && oldScoreAfter < newScore, $"Old-text score {oldScoreAfter} (was {oldScoreBefore}), new-text score {newScore}.");

        // Excluded: in no search mode, answer, related passage or chat completion.
        foreach (var mode in new[] { "keyword", "dense", "hybrid" })
        {
            Assert.DoesNotContain(valves, await SearchIdsAsync(client, ExcludedQuery, mode));
        }

        var answer = await PostAsync(client, "/api/ask", new { question = "How often is the butterfly valve actuator greased, and with what?" });
        AssertNotCited(answer.GetProperty("citations"), valves);
        AssertNotCited(answer.GetProperty("related"), valves);
        var chat = await PostAsync(client, "/v1/chat/completions", new { model = "knowledgehub", messages = new[] { new { role = "user", content = "How often is the butterfly valve actuator greased?" } } });
        AssertNotCited(chat.GetProperty("citations"), valves);

        // Listed and shown with the audit fields, the corrected text and the original.
        var listed = await ListChunksAsync(client, id);
        var listedPumps = listed.Single(c => c.GetProperty("chunkId").GetString() == pumps);
        var listedValves = listed.Single(c => c.GetProperty("chunkId").GetString() == valves);
        Assert.Equal((NewText, true), (listedPumps.GetProperty("text").GetString(), listedPumps.GetProperty("corrected").GetBoolean()));
        Assert.True(listedValves.GetProperty("excluded").GetBoolean());
        Assert.Equal(AccessClaimsBootstrap, listedValves.GetProperty("editedBy").GetString());
        var shown = await client.GetFromJsonAsync<JsonElement>($"/api/chunks/{pumps}");
        Assert.Contains("The centrifugal pump impeller", shown.GetProperty("originalText").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, shown.GetProperty("editedAt").ValueKind);
    }

    private static void AssertNotCited(JsonElement passages, string chunkId)
    {
        foreach (var passage in passages.EnumerateArray())
        {
            Assert.NotEqual(chunkId, passage.GetProperty("chunkId").GetString());
            foreach (var field in new[] { "quote", "snippet" })
            {
                if (passage.TryGetProperty(field, out var text))
                {
                    Assert.DoesNotContain("butterfly", text.GetString(), StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    private static async Task<string> UploadManualAsync(HttpClient client)
    {
        using var response = await client.SendUploadAsync("manual.md", Encoding.UTF8.GetBytes(Manual));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"Upload answered {(int)response.StatusCode}: {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        var done = await client.WaitForEndAsync(id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        return id;
    }

    private static async Task<(string Pumps, string Valves)> ChunkIdsAsync(HttpClient client, string id, bool corrected = false)
    {
        var chunks = await ListChunksAsync(client, id);
        var pumps = chunks.Single(c => c.GetProperty("text").GetString()!.Contains(corrected ? "gearbox" : "centrifugal pump impeller", StringComparison.Ordinal));
        var valves = chunks.Single(c => c.GetProperty("text").GetString()!.Contains("butterfly valve actuator", StringComparison.Ordinal));
        Assert.NotEqual(pumps.GetProperty("chunkId").GetString(), valves.GetProperty("chunkId").GetString());
        return (pumps.GetProperty("chunkId").GetString()!, valves.GetProperty("chunkId").GetString()!);
    }

    private static async Task<List<JsonElement>> ListChunksAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}/chunks?limit=100")).GetProperty("chunks").EnumerateArray().ToList();

    private static async Task<JsonElement> PatchAsync(HttpClient client, string chunkId, object body)
    {
        using var response = await client.PatchAsync($"/api/chunks/{chunkId}", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {chunkId} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertBadRequestAsync(HttpClient client, string chunkId, string body, string title, string field)
    {
        using var response = await client.PatchAsync($"/api/chunks/{chunkId}", new StringContent(body, Encoding.UTF8, "application/json"));
        var detail = await ApiKeyClients.AssertProblemAsync(response, HttpStatusCode.BadRequest, title);
        Assert.False(string.IsNullOrWhiteSpace(detail));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"The problem does not name '{field}': {problem}");
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, KnowledgeHubServer.Json), Encoding.UTF8, "application/json");

    private static async Task<List<string>> KeywordIdsAsync(HttpClient client, string query) => await SearchIdsAsync(client, query, "keyword");

    private static async Task<List<string>> SearchIdsAsync(HttpClient client, string query, string mode) =>
        (await PostAsync(client, "/api/search", new { query, top = 20, mode })).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunkId").GetString()!).ToList();

    private static async Task<double> DenseScoreAsync(HttpClient client, string query, string chunkId)
    {
        var results = (await PostAsync(client, "/api/search", new { query, top = 20, mode = "dense" })).GetProperty("results").EnumerateArray();
        return results.Single(r => r.GetProperty("chunkId").GetString() == chunkId).GetProperty("score").GetDouble();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, KnowledgeHubServer.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> CreateKeyAsync(KnowledgeHubServer server, string role, IReadOnlyList<string> groups)
    {
        using var response = await server.Client.PostAsJsonAsync("/api/keys", new { name = "chunk editor test key", role, groups }, KnowledgeHubServer.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/keys answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }
}
