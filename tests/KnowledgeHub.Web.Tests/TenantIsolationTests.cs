using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Two tenants hold the same file names with nearly the same text; only a marker word and a number differ.
/// Whatever tenant A's key searches or asks, nothing of tenant B comes back, and B's document ids are 404 to A.
/// </summary>
public sealed class TenantIsolationTests
{
    private const int Requests = 1000;
    private const int AskEvery = 25;

    private static readonly string[] Topics =
    [
        "solar inverter maintenance", "warehouse safety inspection", "customer refund policy", "database backup rotation",
        "vacation request approval", "laboratory sample storage", "forklift battery charging", "incident response escalation",
        "supplier contract renewal", "network firewall rules", "onboarding checklist", "quarterly budget review",
    ];

    [Fact]
    public async Task Tenant_A_key_never_sees_tenant_B_passages_or_documents_over_1000_searches_and_asks()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:RateLimits:Ask:PermitLimit=0");
        using var alphaIngest = server.ClientWith(await server.CreateKeyAsync("ingest", tenant: "alpha"));
        using var betaIngest = server.ClientWith(await server.CreateKeyAsync("ingest", tenant: "beta"));
        using var alphaAsk = server.ClientWith(await server.CreateKeyAsync("ask", tenant: "alpha"));

        var alphaIds = await IngestAsync(alphaIngest, "alphamarker");
        var betaIds = await IngestAsync(betaIngest, "betamarker");
        Assert.Empty(alphaIds.Intersect(betaIds));

        var random = new Random(6);
        var searches = 0;
        var asks = 0;
        var hits = 0;
        for (var i = 0; i < Requests; i++)
        {
            var query = Query(random);
            if (i % AskEvery == 0)
            {
                var answer = await PostAsync(alphaAsk, "/api/ask", new { question = query });
                hits += AssertOnlyAlpha(answer.GetProperty("citations"), "documentId", "quote", alphaIds, query);
                // A "not found" answer may name the question's own words the documents lack ("They do not mention
                // betamarker"); beta's documents must never show through anywhere else.
                var text = Regex.Replace(answer.GetProperty("answer").GetString()!, "do not mention [^;.]*", string.Empty);
                Assert.DoesNotContain("betamarker", text, StringComparison.Ordinal);
                asks++;
            }
            else
            {
                var mode = (i % 3) switch { 0 => "hybrid", 1 => "dense", _ => "keyword" };
                var found = await PostAsync(alphaAsk, "/api/search", new { query, top = 20, mode });
                hits += AssertOnlyAlpha(found.GetProperty("results"), "documentId", "text", alphaIds, query);
                searches++;
            }
        }

        Assert.Equal(Requests, searches + asks);
        Assert.True(hits > Requests, $"Only {hits} passages came back over {Requests} requests: the check saw too little to mean anything.");

        foreach (var betaId in betaIds)
        {
            using var get = await alphaIngest.GetAsync($"/api/documents/{betaId}");
            using var retry = await alphaIngest.PostAsync($"/api/documents/{betaId}/retry", null);
            using var delete = await alphaIngest.DeleteAsync($"/api/documents/{betaId}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        var betaPassages = await PostAsync(betaIngest, "/api/search", new { query = "handbook", top = 20 });
        var betaChunkIds = betaPassages.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunkId").GetString()!).ToList();
        Assert.NotEmpty(betaChunkIds);
        foreach (var chunkId in betaChunkIds)
        {
            using var passage = await alphaAsk.GetAsync($"/api/chunks/{chunkId}");
            Assert.Equal(HttpStatusCode.NotFound, passage.StatusCode);
        }

        var alphaList = await alphaAsk.GetFromJsonAsync<JsonElement>("/api/documents?limit=500");
        Assert.Equal(alphaIds.Order(StringComparer.Ordinal), alphaList.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var betaList = await betaIngest.GetFromJsonAsync<JsonElement>("/api/documents?limit=500");
        Assert.Equal(betaIds.Count, betaList.GetProperty("total").GetInt32());
    }

    private static async Task<HashSet<string>> IngestAsync(HttpClient client, string marker)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Topics.Length; i++)
        {
            var text = $"""
                # Handbook {i + 1}: {Topics[i]}

                This section of the {marker} handbook explains {Topics[i]}. The procedure has {3 + (marker.Length % 2) + i} steps
                and is reviewed every year by the operations team. Staff ask about {Topics[i]} often, so the {marker} rules are
                written plainly: check the log, record the result, and report anything unusual to the shift lead.

                A second paragraph about {Topics[(i + 1) % Topics.Length]} and {Topics[(i + 5) % Topics.Length]} for the {marker} teams,
                with the contact for questions and the form to use.
                """;
            var uploaded = await client.UploadTextAsync($"handbook-{i + 1:00}.txt", text);
            ids.Add(uploaded.GetProperty("id").GetString()!);
        }

        foreach (var id in ids)
        {
            Assert.Equal("completed", (await client.WaitForEndAsync(id)).GetProperty("status").GetString());
        }

        return ids;
    }

    private static string Query(Random random)
    {
        var topic = Topics[random.Next(Topics.Length)];
        return random.Next(10) switch
        {
            0 => "betamarker " + topic,
            1 => "What does the betamarker handbook say?",
            2 => "How many steps does " + topic + " have?",
            _ => topic,
        };
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, KnowledgeHubServer.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static int AssertOnlyAlpha(JsonElement items, string idProperty, string textProperty, HashSet<string> alphaIds, string query)
    {
        var count = 0;
        foreach (var item in items.EnumerateArray())
        {
            var id = item.GetProperty(idProperty).GetString()!;
            Assert.True(alphaIds.Contains(id), $"Query '{query}' returned document {id}, which is not tenant alpha's.");
            Assert.DoesNotContain("betamarker", item.GetProperty(textProperty).GetString(), StringComparison.Ordinal);
            count++;
        }

        return count;
    }
}
