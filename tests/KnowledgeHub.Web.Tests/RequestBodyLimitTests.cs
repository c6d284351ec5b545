using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Bodies over their endpoint's configured limit get a 413 problem that names the limit in bytes.</summary>
public sealed class RequestBodyLimitTests : IAsyncLifetime
{
    private KnowledgeHubServer server = null!;

    public async Task InitializeAsync() => server = await KnowledgeHubServer.StartAsync(
        "--KnowledgeHub:Limits:JsonBodyBytes=4096", "--KnowledgeHub:Limits:ChatBodyBytes=8192", "--KnowledgeHub:Limits:ChatMaxMessages=3");

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("/api/search", 4096, false)]
    [InlineData("/api/search", 4096, true)]
    [InlineData("/api/ask", 4096, false)]
    [InlineData("/api/keys", 4096, true)]
    [InlineData("/v1/chat/completions", 8192, false)]
    [InlineData("/v1/chat/completions", 8192, true)]
    public async Task A_body_over_the_endpoint_limit_gets_413_naming_the_limit_in_bytes(string path, int limit, bool chunked)
    {
        var json = Encoding.UTF8.GetBytes("{\"query\":\"" + new string('x', limit * 2) + "\"}");
        using HttpContent content = chunked ? new StreamContent(new UnseekableStream(json)) : new ByteArrayContent(json);
        content.Headers.ContentType = new("application/json");

        using var response = await server.Client.PostAsync(path, content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Contains($"{limit} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(limit, problem.GetProperty("limitBytes").GetInt64());
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read()
    {
        using var response = await server.Client.PostAsJsonAsync("/api/search", new { query = new string('x', 3000), mode = "keyword" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_chat_with_more_messages_than_the_limit_gets_a_400_naming_messages_and_the_limit()
    {
        var messages = Enumerable.Range(0, 4).Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = "hi" }).ToArray();

        using var response = await server.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "knowledgehub", messages });

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than the 3 a request may hold", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("messages", problem.GetProperty("error").GetProperty("param").GetString());
    }

    /// <summary>A body of unknown length, so that the client sends it chunked and only reading it finds the size.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
