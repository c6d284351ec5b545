using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Asking or searching a collection that holds none of the tenant's documents is a 404 naming it, not "no answer".</summary>
public sealed class UnknownCollectionTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Theory]
    [InlineData("/api/ask", "{\"question\":\"How long is the warranty?\",\"collection\":\"no-such-shelf\"}")]
    [InlineData("/api/ask/stream", "{\"question\":\"How long is the warranty?\",\"collection\":\"no-such-shelf\"}")]
    [InlineData("/api/search", "{\"query\":\"warranty\",\"collection\":\"no-such-shelf\"}")]
    public async Task An_unknown_collection_gets_404_naming_it(string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await Client.PostAsync(path, content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Collection 'no-such-shelf' not found", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_collection_answers_not_found_even_before_anything_is_uploaded()
    {
        using var response = await Client.PostAsJsonAsync("/api/search", new { query = "warranty", collection = "default", mode = "keyword" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_collection_is_known_while_it_holds_a_document_and_unknown_once_they_are_deleted()
    {
        var document = await fixture.Server.UploadAsync("shelf.txt", "Shelves hold 40 kg each."u8.ToArray(), "shelves");
        using (var known = await Client.PostAsJsonAsync("/api/search", new { query = "shelves", collection = "shelves", mode = "keyword" }))
        {
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }

        var id = document.GetProperty("id").GetString();
        await fixture.Server.WaitForEndAsync(id!);
        using (var deleted = await Client.DeleteAsync($"/api/documents/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var unknown = await Client.PostAsJsonAsync("/api/search", new { query = "shelves", collection = "shelves", mode = "keyword" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
