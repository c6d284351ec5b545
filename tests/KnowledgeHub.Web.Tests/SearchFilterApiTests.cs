using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Tags given at upload reach every chunk, and /api/search filters by tags, document ids and creation date.</summary>
public sealed class SearchFilterApiTests
{
    [Fact]
    public async Task Search_filters_by_upload_tags_document_ids_and_creation_date()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var eu = await UploadAsync(server, "eu-refunds.txt", "Refunds in the European Union are paid within fourteen days.", "eu", "policy");
        var us = await UploadAsync(server, "us-refunds.txt", "Refunds in the United States are paid within thirty days.", "us,policy");
        var plain = await UploadAsync(server, "refund-faq.txt", "Refunds questions are answered by the support desk.");
        foreach (var id in new[] { eu, us, plain })
        {
            Assert.Equal("completed", (await server.WaitForEndAsync(id)).GetProperty("status").GetString());
        }

        Assert.Equal(["eu", "policy"], (await server.GetDocumentAsync(eu)).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Sorted(eu), await SearchAsync(server, new { query = "refunds", tags = new[] { "eu" } }));
        Assert.Equal(Sorted(eu, us), await SearchAsync(server, new { query = "refunds", tags = new[] { "policy" } }));
        Assert.Equal(Sorted(plain, us), await SearchAsync(server, new { query = "refunds", documentIds = new[] { us, plain } }));
        Assert.Equal(Sorted(eu, plain, us), await SearchAsync(server, new { query = "refunds", createdFrom = before }));
        Assert.Empty(await SearchAsync(server, new { query = "refunds", createdBefore = before }));

        using var backwards = await server.Client.PostAsJsonAsync("/api/search", new { query = "refunds", createdFrom = before, createdBefore = before.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("'createdFrom' must be earlier than 'createdBefore'", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static async Task<string> UploadAsync(KnowledgeHubServer server, string fileName, string text, params string[] tags)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        foreach (var tag in tags)
        {
            form.Add(new StringContent(tag), "tags");
        }

        using var response = await server.Client.PostAsync("/api/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string[]> SearchAsync(KnowledgeHubServer server, object body)
    {
        var response = await server.PostJsonAsync("/api/search", body);
        return [.. response.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("documentId").GetString()!).Distinct().Order(StringComparer.Ordinal)];
    }
}
