using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Web.Tests;

public sealed partial class ApiReferenceTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    [Fact]
    public async Task OpenAPI_document_is_served_without_a_key_and_lists_the_chat_health_and_model_endpoints()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Client.BaseAddress };

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/chat/completions", out var chat), "the document lacks /v1/chat/completions");
        Assert.True(chat.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/v1/models", out _), "the document lacks /v1/models");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ChatCompletionRequest").GetProperty("properties").TryGetProperty("max_tokens", out _), "request schema is not snake_case");
    }

    [Fact]
    public async Task OpenAPI_document_declares_the_bearer_key_scheme_for_the_whole_api()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Client.BaseAddress };

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(Assert.Single(document.GetProperty("security").EnumerateArray()).TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task API_page_is_served_without_a_key_and_loads_its_script_from_this_server()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Client.BaseAddress };

        using var page = await anonymous.GetAsync("/api-docs/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var scripts = ScriptSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.False(src.StartsWith("http", StringComparison.OrdinalIgnoreCase), $"the page loads {src} from elsewhere"));
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
        var sizes = new List<int>();
        foreach (var src in scripts)
        {
            using var script = await anonymous.GetAsync(new Uri(page.RequestMessage!.RequestUri!, src));
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"{src} answered {(int)script.StatusCode}");
            sizes.Add((await script.Content.ReadAsByteArrayAsync()).Length);
        }

        Assert.True(sizes.Max() > 1_000_000, $"no script is the embedded Scalar bundle: sizes {string.Join(", ", sizes)}");
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSources();
}
