using System.Net;
using System.Net.Http.Json;

namespace KnowledgeHub.Web.Tests;

public sealed class RateLimitAndCorsTests
{
    [Fact]
    public async Task Key_past_its_upload_budget_gets_429_problem_with_retry_after_while_another_key_goes_on()
    {
        await using var server = await KnowledgeHubServer.StartAsync(
            "--KnowledgeHub:RateLimits:Upload:PermitLimit=2", "--KnowledgeHub:RateLimits:Upload:WindowSeconds=3600");
        using var limited = server.ClientWith(await server.CreateKeyAsync("ingest"));
        using var other = server.ClientWith(await server.CreateKeyAsync("ingest"));

        await limited.UploadTextAsync("one.txt", "one");
        await limited.UploadTextAsync("two.txt", "two");
        using var third = await limited.SendUploadAsync("three.txt", "three"u8.ToArray());
        using var otherKey = await other.SendUploadAsync("four.txt", "four"u8.ToArray());

        await ApiKeyClients.AssertProblemAsync(third, HttpStatusCode.TooManyRequests, "Too many requests");
        var retryAfter = third.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Accepted, otherKey.StatusCode);
    }

    [Fact]
    public async Task Key_past_its_ask_budget_gets_429_problem()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:RateLimits:Ask:PermitLimit=1", "--KnowledgeHub:RateLimits:Ask:WindowSeconds=3600");

        using var first = await server.Client.PostAsJsonAsync("/api/ask", new { question = "Is anything here?" });
        using var second = await server.Client.PostAsJsonAsync("/api/ask", new { question = "Is anything here now?" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ApiKeyClients.AssertProblemAsync(second, HttpStatusCode.TooManyRequests, "Too many requests");
    }

    [Fact]
    public async Task Configured_origin_passes_the_preflight_and_others_get_no_cors_headers()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Cors:AllowedOrigins:0=https://chat.example.com");
        using var anonymous = server.ClientWith(null);

        using var allowed = await anonymous.SendAsync(Preflight("https://chat.example.com"));
        using var refused = await anonymous.SendAsync(Preflight("https://elsewhere.example.com"));

        Assert.True(allowed.IsSuccessStatusCode, $"Preflight answered {(int)allowed.StatusCode}");
        Assert.Equal("https://chat.example.com", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("authorization", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://chat.example.com/")]
    [InlineData("chat.example.com")]
    [InlineData("https://chat.example.com/app")]
    public async Task An_allowed_origin_that_a_browser_could_never_send_stops_the_start_naming_it(string origin)
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => KnowledgeHubServer.StartAsync($"--KnowledgeHub:Cors:AllowedOrigins:0={origin}"));

        Assert.Contains($"KnowledgeHub:Cors:AllowedOrigins entry '{origin}' is not an origin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configured_origins_no_cors_headers_are_sent()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        request.Headers.Add("Origin", "https://chat.example.com");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/search");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}
