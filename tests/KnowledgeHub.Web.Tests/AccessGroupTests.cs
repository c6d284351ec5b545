using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Access groups inside one tenant: 40 documents over three groups plus ungrouped ones, two ask keys with different
/// groups. Whatever they search, ask or chat, nothing outside their reach is returned, cited, counted or named; a
/// document they may not read answers 404 like a missing one; and changing a document's groups is seen by the next search
/// without embedding anything again.
/// </summary>
public sealed class AccessGroupTests
{
    private const int RequestsPerKey = 1000;
    private const int AskEvery = 25;

    private static readonly string[] GroupNames = ["hr", "board", "legal"];

    private static readonly string[] Topics =
    [
        "solar inverter maintenance", "warehouse safety inspection", "customer refund policy", "database backup rotation",
        "vacation request approval", "laboratory sample storage", "forklift battery charging", "incident response escalation",
        "supplier contract renewal", "network firewall rules",
    ];

    [Fact]
    public async Task Two_keys_with_different_groups_never_see_a_document_outside_their_reach_over_1000_requests_each_on_SQLite()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:RateLimits:Ask:PermitLimit=0");
        await AssertNoLeaksAsync(server, RequestsPerKey);
    }

    [PostgresRequiredFact]
    public async Task Two_keys_with_different_groups_never_see_a_document_outside_their_reach_on_PostgreSQL()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("kh_access");
        await using var server = await KnowledgeHubServer.StartAsync([.. database.HostArgs(postgresJobs: false), "--KnowledgeHub:RateLimits:Ask:PermitLimit=0"]);
        await AssertNoLeaksAsync(server, RequestsPerKey / 4);
    }

    [Fact]
    public async Task Removing_a_group_hides_the_document_from_the_next_search_without_embedding_anything_again()
    {
        var passages = new PassageCounter();
        await using var server = await KnowledgeHubServer.StartWithAsync((_, services) => passages.Wrap(services));
        using var hr = server.ClientWith(await CreateKeyAsync(server, "ask", ["hr"]));
        using var board = server.ClientWith(await CreateKeyAsync(server, "ask", ["board"]));
        var uploaded = await UploadAsync(server.Client, "merger.txt", "The merger committee approved the pension transfer in March.", ["hr", "board"]);
        var id = uploaded.GetProperty("id").GetString()!;
        var done = await server.WaitForEndAsync(id);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Contains(id, await SearchIdsAsync(hr, "pension transfer"));
        var embedded = passages.Count;
        Assert.True(embedded > 0, "The upload embedded nothing: the counter does not see the encoder.");

        using var patch = await server.Client.PatchAsJsonAsync($"/api/documents/{id}", new { accessGroups = new[] { "board" } }, KnowledgeHubServer.Json);
        var patched = JsonDocument.Parse(await patch.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(["board"], patched.GetProperty("accessGroups").EnumerateArray().Select(g => g.GetString()));
        Assert.DoesNotContain(id, await SearchIdsAsync(hr, "pension transfer"));
        Assert.Contains(id, await SearchIdsAsync(board, "pension transfer"));
        using (var hidden = await hr.GetAsync($"/api/documents/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using var clear = await server.Client.PatchAsJsonAsync($"/api/documents/{id}", new { accessGroups = Array.Empty<string>() }, KnowledgeHubServer.Json);
        Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        Assert.Contains(id, await SearchIdsAsync(hr, "pension transfer"));

        var after = await server.GetDocumentAsync(id);
        Assert.Equal(embedded, passages.Count);
        Assert.Equal(done.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
        Assert.Equal(done.GetProperty("attempts").GetInt32(), after.GetProperty("attempts").GetInt32());
        Assert.Equal("completed", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_key_with_groups_may_assign_only_its_own_groups_and_not_reach_documents_outside_them()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        using var hrIngest = server.ClientWith(await CreateKeyAsync(server, "ingest", ["hr"]));
        var board = await UploadAsync(server.Client, "minutes.txt", "Board minutes about the merger vote.", ["board"]);
        var boardId = board.GetProperty("id").GetString()!;
        await server.WaitForEndAsync(boardId);

        using var foreignGroup = await SendUploadAsync(hrIngest, "pay.txt", "Salary bands for engineers.", ["board"]);
        using var sameName = await SendUploadAsync(hrIngest, "minutes.txt", "Other text under the same name.", ["hr"]);
        using var patch = await hrIngest.PatchAsJsonAsync($"/api/documents/{boardId}", new { accessGroups = new[] { "hr" } }, KnowledgeHubServer.Json);
        using var delete = await hrIngest.DeleteAsync($"/api/documents/{boardId}");
        using var retry = await hrIngest.PostAsync($"/api/documents/{boardId}/retry", null);
        using var adminKey = await server.Client.PostAsJsonAsync("/api/keys", new { name = "x", role = "admin", groups = new[] { "hr" } }, KnowledgeHubServer.Json);

        await ApiKeyClients.AssertProblemAsync(foreignGroup, HttpStatusCode.BadRequest, "Invalid upload");
        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, adminKey.StatusCode);
        Assert.Equal("completed", (await server.GetDocumentAsync(boardId)).GetProperty("status").GetString());
    }

    private static async Task AssertNoLeaksAsync(KnowledgeHubServer server, int requestsPerKey)
    {
        var corpus = await IngestAsync(server);
        IReadOnlyList<string>[] readers = [["hr"], ["board", "legal"]];
        var seed = 18;
        foreach (var groups in readers)
        {
            using var client = server.ClientWith(await CreateKeyAsync(server, "ask", groups));
            var reach = corpus.Where(d => AccessGroups.CanRead(groups, d.Value.Groups)).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
            var hidden = corpus.Keys.Except(reach).ToList();
            var reachChunks = corpus.Where(d => reach.Contains(d.Key)).Sum(d => d.Value.Chunks);
            var forbiddenMarkers = GroupNames.Except(groups).Select(Marker).ToList();
            Assert.NotEmpty(hidden);

            await RandomRequestsAsync(client, new Random(seed++), requestsPerKey, reach, reachChunks, forbiddenMarkers);
            await AssertHiddenAnswer404Async(server, client, hidden);

            var list = await client.GetFromJsonAsync<JsonElement>("/api/documents?limit=500");
            Assert.Equal(reach.Order(StringComparer.Ordinal), list.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
            Assert.Equal(reach.Count, list.GetProperty("total").GetInt32());
            var collections = await client.GetFromJsonAsync<JsonElement>("/api/collections");
            Assert.Equal(reach.Count, collections.GetProperty("collections").EnumerateArray().Sum(c => c.GetProperty("documentCount").GetInt32()));
        }

        // An admin's conversation citing a board document is not shown to the hr key.
        var adminAnswer = await PostAsync(server.Client, "/api/ask", new { question = $"What does the {Marker("board")} handbook say about {Topics[1]}?" });
        Assert.Contains(adminAnswer.GetProperty("citations").EnumerateArray(), c => corpus[c.GetProperty("documentId").GetString()!].Groups is ["board"]);
        using var hrAsk = server.ClientWith(await CreateKeyAsync(server, "ask", ["hr"]));
        using var conversation = await hrAsk.GetAsync($"/api/conversations/{adminAnswer.GetProperty("conversationId").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, conversation.StatusCode);
    }

    private static async Task RandomRequestsAsync(HttpClient client, Random random, int requests, HashSet<string> reach, int reachChunks, List<string> forbiddenMarkers)
    {
        var (searches, asks, chats, passages, full) = (0, 0, 0, 0, 0);
        for (var i = 0; i < requests; i++)
        {
            var query = Query(random);
            if (i % AskEvery == 0)
            {
                var answer = await PostAsync(client, "/api/ask", new { question = query });
                passages += AssertWithin(answer.GetProperty("citations"), reach, forbiddenMarkers, query, "quote");
                passages += AssertWithin(answer.GetProperty("related"), reach, forbiddenMarkers, query, "snippet");
                AssertNoMarker(answer.GetProperty("answer").GetString()!, forbiddenMarkers, query);
                asks++;
            }
            else if (i % AskEvery == 1)
            {
                var chat = await PostAsync(client, "/v1/chat/completions", new { model = "knowledgehub", messages = new[] { new { role = "user", content = query } } });
                passages += AssertWithin(chat.GetProperty("citations"), reach, forbiddenMarkers, query, "quote");
                AssertNoMarker(chat.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!, forbiddenMarkers, query);
                chats++;
            }
            else
            {
                var mode = (i % 3) switch { 0 => "hybrid", 1 => "dense", _ => "keyword" };
                var top = 1 + random.Next(30);
                var found = await PostAsync(client, "/api/search", new { query, top, mode });
                var results = found.GetProperty("results");
                passages += AssertWithin(results, reach, forbiddenMarkers, query, "text");
                if (mode != "keyword")
                {
                    // Every chunk matches a dense query, so a filter inside the index fills the list from what the key may read.
                    Assert.Equal(Math.Min(top, reachChunks), results.GetArrayLength());
                    full++;
                }

                searches++;
            }
        }

        Assert.Equal(requests, searches + asks + chats);
        Assert.True(full > requests / 2 && passages > requests, $"Only {passages} passages over {requests} requests: the check saw too little to mean anything.");
    }

    private static async Task AssertHiddenAnswer404Async(KnowledgeHubServer server, HttpClient client, List<string> hidden)
    {
        foreach (var id in hidden)
        {
            var chunks = await server.Client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}/chunks");
            var chunkId = chunks.GetProperty("chunks")[0].GetProperty("chunkId").GetString()!;
            foreach (var path in new[] { $"/api/documents/{id}", $"/api/documents/{id}/chunks", $"/api/chunks/{chunkId}" })
            {
                using var response = await client.GetAsync(path);
                using var missing = await client.GetAsync(path.Replace(id, "doc_missing0000000000", StringComparison.Ordinal));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
                var (forbidden, absent) = (await ProblemAsync(response), await ProblemAsync(missing));
                Assert.Equal(absent.Title, forbidden.Title);
                Assert.Equal(absent.Detail.Replace("doc_missing0000000000", id, StringComparison.Ordinal), forbidden.Detail);
            }
        }
    }

    private static async Task<(string Title, string Detail)> ProblemAsync(HttpResponseMessage response)
    {
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (problem.GetProperty("title").GetString()!, problem.GetProperty("detail").GetString()!);
    }

    private static int AssertWithin(JsonElement items, HashSet<string> reach, List<string> forbiddenMarkers, string query, string textProperty)
    {
        var count = 0;
        foreach (var item in items.EnumerateArray())
        {
            var id = item.GetProperty("documentId").GetString()!;
            Assert.True(reach.Contains(id), $"'{query}' returned document {id}, outside the key's groups.");
            AssertNoMarker(item.GetProperty(textProperty).GetString() ?? string.Empty, forbiddenMarkers, query);
            count++;
        }

        return count;
    }

    private static void AssertNoMarker(string text, List<string> forbiddenMarkers, string query)
    {
        // A "not found" answer may name the question's own words that the documents lack ("They do not mention boardmarker").
        var shown = Regex.Replace(text, "do not mention [^;.]*", string.Empty);
        foreach (var marker in forbiddenMarkers)
        {
            Assert.False(shown.Contains(marker, StringComparison.Ordinal), $"'{query}' showed '{marker}': {text}");
        }
    }

    private static string Marker(string group) => group + "marker";

    private static string Query(Random random)
    {
        var topic = Topics[random.Next(Topics.Length)];
        return random.Next(8) switch
        {
            0 => Marker(GroupNames[random.Next(GroupNames.Length)]) + " " + topic,
            1 => $"What does the {Marker(GroupNames[random.Next(GroupNames.Length)])} handbook say?",
            2 => $"How many steps does {topic} have?",
            _ => topic,
        };
    }

    /// <summary>Documents 0-29 carry one group each (hr, board, legal in turn), 30-39 none; returns id to (groups, chunks).</summary>
    private static async Task<Dictionary<string, (IReadOnlyList<string> Groups, int Chunks)>> IngestAsync(KnowledgeHubServer server)
    {
        var uploaded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var d = 0; d < 40; d++)
        {
            IReadOnlyList<string> groups = d < 30 ? [GroupNames[d % 3]] : [];
            var marker = groups.Count == 0 ? "openmarker" : Marker(groups[0]);
            var topic = Topics[d % Topics.Length];
            var text = $"""
                # Handbook {d + 1}: {topic}

                This section of the {marker} handbook explains {topic}. The procedure has {3 + d} steps and is reviewed
                every year by the operations team. Staff ask about {topic} often, so the {marker} rules are written
                plainly: check the log, record the result, and report anything unusual to the shift lead.
                """;
            var document = await UploadAsync(server.Client, $"handbook-{d + 1:00}.txt", text, groups);
            uploaded[document.GetProperty("id").GetString()!] = groups;
        }

        var corpus = new Dictionary<string, (IReadOnlyList<string>, int)>(StringComparer.Ordinal);
        foreach (var (id, groups) in uploaded)
        {
            var done = await server.WaitForEndAsync(id);
            Assert.Equal("completed", done.GetProperty("status").GetString());
            corpus[id] = (groups, done.GetProperty("chunkCount").GetInt32());
        }

        return corpus;
    }

    private static async Task<string> CreateKeyAsync(KnowledgeHubServer server, string role, IReadOnlyList<string> groups)
    {
        using var response = await server.Client.PostAsJsonAsync("/api/keys", new { name = "grouped key", role, groups }, KnowledgeHubServer.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/keys answered {(int)response.StatusCode}: {body}");
        var created = JsonDocument.Parse(body).RootElement;
        Assert.Equal(groups, created.GetProperty("groups").EnumerateArray().Select(g => g.GetString()!));
        return created.GetProperty("key").GetString()!;
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, string fileName, string text, IReadOnlyList<string> groups)
    {
        using var response = await SendUploadAsync(client, fileName, text, groups);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Upload of {fileName} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> SendUploadAsync(HttpClient client, string fileName, string text, IReadOnlyList<string> groups)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);

        // One group per field and a comma-separated list are both accepted.
        if (groups.Count > 0)
        {
            form.Add(new StringContent(groups[0]), "accessGroups");
            form.Add(new StringContent(string.Join(",", groups.Skip(1))), "accessGroups");
        }

        return await client.PostAsync("/api/documents", form);
    }

    private static async Task<List<string>> SearchIdsAsync(HttpClient client, string query)
    {
        var found = await PostAsync(client, "/api/search", new { query, top = 10, mode = "hybrid" });
        return [.. found.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("documentId").GetString()!)];
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, KnowledgeHubServer.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Counts the passages the host's encoder embeds (queries are not counted), by wrapping the registered encoder.</summary>
    private sealed class PassageCounter
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Wrap(IServiceCollection services)
        {
            var registered = services.Last(d => d.ServiceType == typeof(ITextEncoder));
            services.Remove(registered);
            services.AddSingleton<ITextEncoder>(sp => new Counting(Create(sp, registered), this));
        }

        private static ITextEncoder Create(IServiceProvider services, ServiceDescriptor descriptor) =>
            descriptor.ImplementationInstance as ITextEncoder
            ?? (ITextEncoder?)descriptor.ImplementationFactory?.Invoke(services)
            ?? (ITextEncoder)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

        private sealed class Counting(ITextEncoder inner, PassageCounter counter) : ITextEncoder
        {
            public string ModelId => inner.ModelId;

            public int Dimensions => inner.Dimensions;

            public int MaxTokens => inner.MaxTokens;

            public int CountTokens(string text) => inner.CountTokens(text);

            public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
            {
                if (purpose == EmbeddingPurpose.Passage)
                {
                    Interlocked.Add(ref counter.count, texts.Count);
                }

                return inner.EmbedAsync(texts, purpose, cancellationToken);
            }
        }
    }
}
