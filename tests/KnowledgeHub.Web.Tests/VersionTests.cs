using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

public sealed class VersionTests
{
    private const string Query = "refund window policy for returned goods";

    [Fact]
    public async Task New_version_replaces_the_old_one_in_search_with_no_moment_where_neither_is_found()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var v1 = await server.UploadAsync("policy.txt", Policy(14, paragraphs: 2));
        var id = v1.GetProperty("id").GetString()!;
        Assert.Equal("completed", (await server.WaitForEndAsync(id)).GetProperty("status").GetString());

        // A longer second version, so that its ingestion takes long enough to be observed while it runs.
        var v2 = await server.UploadAsync("policy.txt", Policy(30, paragraphs: 60));
        Assert.Equal(id, v2.GetProperty("id").GetString());
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.True(v2.GetProperty("newVersion").GetBoolean());

        var observations = 0;
        while (true)
        {
            var status = (await server.GetDocumentAsync(id)).GetProperty("status").GetString();
            var versions = await VersionsFoundAsync(server, id);
            Assert.NotEmpty(versions); // the document never disappears from search
            observations++;
            if (status is "completed" or "failed")
            {
                Assert.Equal("completed", status);
                break;
            }
        }

        Assert.Equal([2], await VersionsFoundAsync(server, id));
        var answer = await server.PostJsonAsync("/api/ask", new { question = "How many days is the refund window?" });
        Assert.All(answer.GetProperty("citations").EnumerateArray(), c => Assert.Equal(2, c.GetProperty("version").GetInt32()));
        Assert.Contains("30 days", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.True(observations > 0);
    }

    [Fact]
    public async Task Same_bytes_under_another_name_are_the_same_document_and_an_external_id_keys_versions()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var first = await server.UploadAsync("a.txt", Policy(7, 1));
        var renamed = await server.UploadAsync("b.txt", Policy(7, 1));
        Assert.Equal(first.GetProperty("id").GetString(), renamed.GetProperty("id").GetString());
        Assert.True(renamed.GetProperty("duplicate").GetBoolean());

        var keyed1 = await UploadWithExternalIdAsync(server, "manual-2024.txt", Policy(10, 1), "manual");
        var keyed2 = await UploadWithExternalIdAsync(server, "manual-2025.txt", Policy(20, 1), "manual");
        Assert.Equal(keyed1.GetProperty("id").GetString(), keyed2.GetProperty("id").GetString());
        Assert.Equal(2, keyed2.GetProperty("version").GetInt32());
        Assert.Equal("manual-2025.txt", keyed2.GetProperty("fileName").GetString());
        var done = await server.WaitForEndAsync(keyed2.GetProperty("id").GetString()!);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(["extract", "chunk", "embed", "index"], done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
    }

    private static async Task<List<int>> VersionsFoundAsync(KnowledgeHubServer server, string id)
    {
        var search = await server.PostJsonAsync("/api/search", new { query = Query, top = 100 });
        return search.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("documentId").GetString() == id)
            .Select(r => r.GetProperty("version").GetInt32())
            .Distinct()
            .Order()
            .ToList();
    }

    private static async Task<JsonElement> UploadWithExternalIdAsync(KnowledgeHubServer server, string fileName, byte[] content, string externalId)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName }, { new StringContent(externalId), "externalId" } };
        using var response = await server.Client.PostAsync("/api/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static byte[] Policy(int days, int paragraphs)
    {
        var text = new StringBuilder($"Refund window policy: returned goods are refunded within {days} days of delivery.\n\n");
        for (var i = 0; i < paragraphs; i++)
        {
            text.Append($"Section {i}: the customer service team reviews return number {i} and checks the packaging, the receipt and the condition of item {i * 7 % 13} before approving it.\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
