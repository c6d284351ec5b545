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
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("limit of 65536 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(65536, problem.GetProperty("limitBytes").GetInt64());
        var list = await server.Client.GetFromJsonAsync<JsonElement>("/api/documents");
        Assert.Equal(0, list.GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task An_upload_declaring_more_than_the_limit_is_refused_before_it_is_read_naming_the_limit()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Ingestion:MaxUploadBytes=65536");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[3 * 1024 * 1024]), "file", "huge.txt" } };

        using var response = await server.Client.PostAsync("/api/documents", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("The upload is larger than the limit of 65536 bytes (KnowledgeHub:Ingestion:MaxUploadBytes).", problem.GetProperty("detail").GetString());
    }

    [KnowledgeHub.TestSupport.SharedDataFact]
    public async Task Document_past_the_page_limit_fails_with_its_page_count_and_the_limit()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Ingestion:MaxPages=3");
        var uploaded = await server.UploadFileAsync(KnowledgeHub.TestSupport.SharedData.PdfSample("004-pdflatex-4-pages_pdflatex-4-pages.pdf"));

        var document = await server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!);

        Assert.Equal("failed", document.GetProperty("status").GetString());
        Assert.Contains("4 pages, more than the limit of 3", document.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
