using System.Net;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Every endpoint that takes input answers a request it cannot use with a 400 problem that names the field.</summary>
public sealed class MalformedRequestTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private const string Chat = "/v1/chat/completions";
    private const string Hi = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    public static TheoryData<string, string, string?, string> Cases() => new()
    {
        // method, path, JSON body (null: none), the field the problem must name
        { "POST", "/api/search", "{\"query\":\"x\",\"top\":}", "top" },
        { "POST", "/api/search", "{\"query\":\"x\",\"top\":\"ten\"}", "top" },
        { "POST", "/api/search", "{\"query\":\"x\",\"top\":1000}", "top" },
        { "POST", "/api/search", "{\"query\":\"x\",\"top\":99999999999}", "top" },
        { "POST", "/api/search", "{\"query\":\"x\",\"mode\":\"fuzzy\"}", "mode" },
        { "POST", "/api/search", "{\"query\":\"x\",\"createdFrom\":\"yesterday\"}", "createdFrom" },
        { "POST", "/api/search", "{\"query\":\"x\",\"tags\":\"eu\"}", "tags" },
        { "POST", "/api/search", "{\"query\":7}", "query" },
        { "POST", "/api/search", "[1,2]", "body" },
        { "POST", "/api/ask", "{\"question\":}", "question" },
        { "POST", "/api/ask", "{\"question\":42}", "question" },
        { "POST", "/api/ask", "{\"question\":\"q\",\"conversationId\":7}", "conversationId" },
        { "POST", "/api/ask", "{\"question\":\"" + new string('q', 2001) + "\"}", "question" },
        { "POST", "/api/ask/stream", "{\"question\":[]}", "question" },
        { "POST", "/api/ask/stream", "{\"question\":\"q\",\"collection\":{}}", "collection" },
        { "POST", "/api/keys", "{\"name\":\"x\",\"role\":}", "role" },
        { "POST", "/api/keys", "{\"name\":5,\"role\":\"ask\"}", "name" },
        { "POST", "/api/keys", "{\"name\":\"x\",\"role\":\"superuser\"}", "role" },
        { "POST", "/api/keys", "{\"name\":\"x\",\"role\":\"ask\",\"tenant\":\"a b\"}", "tenant" },
        { "POST", "/api/answers/turn_x/feedback", "{\"rating\":\"up\",\"comment\":}", "comment" },
        { "POST", "/api/answers/turn_x/feedback", "{\"rating\":1}", "rating" },
        { "POST", "/api/answers/turn_x/feedback", "{\"rating\":\"sideways\"}", "rating" },
        { "POST", "/api/answers/turn_x/feedback", "{\"rating\":\"up\",\"comment\":\"" + new string('c', 2001) + "\"}", "comment" },
        { "GET", "/api/documents?limit=abc", null, "limit" },
        { "GET", "/api/documents?limit=0", null, "limit" },
        { "GET", "/api/documents?offset=-1", null, "offset" },
        { "GET", "/api/documents?status=lost", null, "status" },
        { "GET", "/api/documents?createdFrom=yesterday", null, "createdFrom" },
        { "GET", "/api/documents?createdTo=2026-13-45", null, "createdTo" },
        { "GET", "/api/documents?cursor=not-a-cursor", null, "cursor" },
        { "GET", "/api/documents/doc_x/chunks?suspicious=maybe", null, "suspicious" },
        { "GET", "/api/conversations?limit=abc", null, "limit" },
        { "GET", "/api/conversations?limit=1000", null, "limit" },
        { "GET", "/api/conversations?offset=-1", null, "offset" },
        { "POST", Chat, "{\"model\":\"knowledgehub\",\"n\":}", "n" },
        { "POST", Chat, "{\"model\":\"knowledgehub\",\"n\":\"two\"," + Hi + "}", "n" },
        { "POST", Chat, "{\"model\":\"knowledgehub\",\"n\":3," + Hi + "}", "n" },
        { "POST", Chat, "{\"model\":\"knowledgehub\",\"temperature\":7," + Hi + "}", "temperature" },
        { "POST", Chat, "{\"model\":\"knowledgehub\",\"max_tokens\":0," + Hi + "}", "max_tokens" },
        { "POST", Chat, "{\"model\":\"knowledgehub\",\"stream\":\"yes\"," + Hi + "}", "stream" },
        { "POST", Chat, "{\"model\":\"knowledgehub\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "messages[0].role" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_request_that_cannot_be_used_gets_a_400_problem_naming_the_field(string method, string path, string? body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await fixture.Server.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        var named = detail.Contains($"'{field}'", StringComparison.Ordinal)
            || (problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _));
        Assert.True(named, $"{method} {path}: the problem does not name '{field}': {text}");
        if (path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            Assert.Equal(detail, problem.GetProperty("error").GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_bad_enum_value_lists_the_values_the_field_takes()
    {
        using var content = new StringContent("{\"query\":\"x\",\"mode\":\"fuzzy\"}", Encoding.UTF8, "application/json");

        using var response = await fixture.Server.Client.PostAsync("/api/search", content);

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("'mode' must be one of 'keyword', 'dense', 'hybrid'.", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("mode", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_json_says_where_reading_stopped()
    {
        using var content = new StringContent("{\"query\":\"x\",\n\"top\":}", Encoding.UTF8, "application/json");

        using var response = await fixture.Server.Client.PostAsync("/api/search", content);

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Invalid request body", problem.GetProperty("title").GetString());
        Assert.StartsWith("The request body is not valid JSON at 'top' (line 2, byte ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_sent_as_another_media_type_gets_a_415_problem()
    {
        using var content = new StringContent("{\"query\":\"x\"}", Encoding.UTF8, "text/plain");

        using var response = await fixture.Server.Client.PostAsync("/api/search", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Contains("application/json", StringComparison.Ordinal), text);
    }
}
