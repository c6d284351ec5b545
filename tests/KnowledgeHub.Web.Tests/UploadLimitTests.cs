using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

public sealed class UploadLimitTests
{
    [Fact]
    public async Task Upload_past_the_size_limit_is_refused_with_413_and_stores_nothing()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Ingestion:MaxUploadBytes=65536");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[200_000]), "file", "big.txt" } };

        using var response = await server.Client.PostAsync("/api/documents", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var list = await server.Client.GetFromJsonAsync<JsonElement>("/api/documents");
        Assert.Equal(0, list.GetProperty("documents").GetArrayLength());
    }
}
