using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Typed metadata through the API: set at upload and by PATCH, filtered in search, ask and chat, shown with results and citations.</summary>
public sealed class MetadataFilterTests
{
    [Fact]
    public async Task Search_ask_and_chat_filter_on_metadata_and_show_it_and_a_bad_filter_is_refused_naming_the_key()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:RateLimits:Ask:PermitLimit=0");
        var ids = new List<string>();
        for (var year = 2021; year <= 2025; year++)
        {
            var metadata = $$"""{ "year": {{year}}, "department": "{{(year % 2 == 0 ? "legal" : "hr")}}", "region": ["eu"], "signed": "{{year}}-06-01" }""";
            var uploaded = await UploadAsync(server.Client, $"policy-{year}.txt", $"The travel expense policy of {year} allows economy flights and rail travel.", metadata);
            ids.Add(uploaded.GetProperty("id").GetString()!);
        }

        foreach (var id in ids)
        {
            Assert.Equal("completed", (await server.WaitForEndAsync(id)).GetProperty("status").GetString());
        }

        var filter = new Dictionary<string, object> { ["year"] = new { gte = 2022, lt = 2025 }, ["department"] = "legal", ["signed"] = new { gte = "2022-01-01" } };
        foreach (var mode in new[] { "keyword", "dense", "hybrid" })
        {
            var found = await PostAsync(server.Client, "/api/search", new { query = "travel expense policy", top = 20, mode, filter });
            var results = found.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(["2022", "2024"], results.Select(r => r.GetProperty("metadata").GetProperty("year").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
            Assert.All(results, r => Assert.Equal("legal", r.GetProperty("metadata").GetProperty("department").GetString()));
        }

        var answer = await PostAsync(server.Client, "/api/ask", new { question = "Which travel does the expense policy allow?", filter = new { year = 2023 } });
        var citation = Assert.Single(answer.GetProperty("citations").EnumerateArray().DistinctBy(c => c.GetProperty("documentId").GetString()));
        Assert.Equal(2023, citation.GetProperty("metadata").GetProperty("year").GetDouble());

        var chat = await PostAsync(server.Client, "/v1/chat/completions", new
        {
            model = "knowledgehub",
            messages = new[] { new { role = "user", content = "Which travel does the expense policy allow?" } },
            filter = new { region = new { any = new[] { "eu" } }, year = 2025 },
        });
        Assert.All(chat.GetProperty("citations").EnumerateArray(), c => Assert.Equal(2025, c.GetProperty("metadata").GetProperty("year").GetDouble()));
        Assert.NotEmpty(chat.GetProperty("citations").EnumerateArray());

        using var unknown = await server.Client.PostAsJsonAsync("/api/search", new { query = "travel", filter = new { owner = "x" } }, KnowledgeHubServer.Json);
        using var wrongType = await server.Client.PostAsJsonAsync("/api/ask", new { question = "travel?", filter = new { year = "2024" } }, KnowledgeHubServer.Json);
        Assert.Contains("'owner'", await ApiKeyClients.AssertProblemAsync(unknown, HttpStatusCode.BadRequest, "Invalid request"), StringComparison.Ordinal);
        Assert.Contains("'year'", await ApiKeyClients.AssertProblemAsync(wrongType, HttpStatusCode.BadRequest, "Invalid request"), StringComparison.Ordinal);

        using var patch = await server.Client.PatchAsJsonAsync($"/api/documents/{ids[0]}", new { metadata = new { year = 2030, department = "legal" } }, KnowledgeHubServer.Json);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var after = await PostAsync(server.Client, "/api/search", new { query = "travel expense policy", top = 20, filter = new { year = new { gt = 2029 } } });
        Assert.Equal([ids[0]], after.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("documentId").GetString()).Distinct());

        using var conflicting = await server.Client.PatchAsJsonAsync($"/api/documents/{ids[1]}", new { metadata = new { year = "later" } }, KnowledgeHubServer.Json);
        Assert.Contains("'year'", await ApiKeyClients.AssertProblemAsync(conflicting, HttpStatusCode.BadRequest, "Invalid request"), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, string fileName, string text, string metadata)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(metadata), "metadata");
        using var response = await client.PostAsync("/api/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Upload answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, KnowledgeHubServer.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
