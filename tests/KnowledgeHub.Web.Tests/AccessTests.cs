using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Who gets in: 401 for no, malformed, unknown or revoked keys, 403 for a wrong role, all as ProblemDetails.</summary>
public sealed class AccessTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private KnowledgeHubServer Server => fixture.Server;

    [Fact]
    public async Task Request_without_a_key_gets_401_problem_asking_for_a_bearer_key()
    {
        using var client = Server.ClientWith(null);

        using var response = await client.GetAsync("/api/documents");

        var detail = await ApiKeyClients.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "API key required");
        Assert.Contains("Authorization: Bearer", detail, StringComparison.Ordinal);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer kh_one two")]
    [InlineData("Token kh_0123456789abcdef_00")]
    public async Task Malformed_authorization_header_gets_401_problem(string header)
    {
        using var client = Server.ClientWith(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await client.SendAsync(request);

        await ApiKeyClients.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Malformed Authorization header");
        Assert.Contains("invalid_request", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_id_wrong_secret_and_foreign_text_get_the_same_401_so_key_ids_cannot_be_probed()
    {
        var real = await Server.CreateKeyAsync("ask");
        var wrongSecret = real[..^4] + (real.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");
        var unknownId = "kh_00000000deadbeef_" + new string('a', 64);

        var details = new List<string>();
        foreach (var key in new[] { wrongSecret, unknownId, "sk-not-a-knowledgehub-key-at-all" })
        {
            using var client = Server.ClientWith(key);
            using var response = await client.GetAsync("/api/documents");
            details.Add(await ApiKeyClients.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid API key"));
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Single(details.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Revoked_key_gets_401_on_the_very_next_request()
    {
        var key = await Server.CreateKeyAsync("ask");
        using var client = Server.ClientWith(key);
        using (var before = await client.GetAsync("/api/documents"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoke = await Server.Client.DeleteAsync($"/api/keys/{IdOf(key)}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var after = await client.GetAsync("/api/documents");
        await ApiKeyClients.AssertProblemAsync(after, HttpStatusCode.Unauthorized, "Invalid API key");
    }

    [Fact]
    public async Task Ask_key_uploading_gets_403_problem_naming_the_roles_that_may()
    {
        using var client = Server.ClientWith(await Server.CreateKeyAsync("ask"));

        using var response = await client.SendUploadAsync("notes.txt", "some text"u8.ToArray());

        var detail = await ApiKeyClients.AssertProblemAsync(response, HttpStatusCode.Forbidden, "Insufficient role");
        Assert.Contains("'admin' or 'ingest'", detail, StringComparison.Ordinal);
        Assert.Contains("this key's role is 'ask'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_key_may_upload_and_search_but_not_ask_or_manage_keys()
    {
        using var client = Server.ClientWith(await Server.CreateKeyAsync("ingest"));

        using var upload = await client.SendUploadAsync("ingest-role.txt", "Ingest keys upload documents."u8.ToArray());
        using var search = await client.PostAsJsonAsync("/api/search", new { query = "documents" });
        using var ask = await client.PostAsJsonAsync("/api/ask", new { question = "What do ingest keys do?" });
        using var keys = await client.GetAsync("/api/keys");

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        await ApiKeyClients.AssertProblemAsync(ask, HttpStatusCode.Forbidden, "Insufficient role");
        await ApiKeyClients.AssertProblemAsync(keys, HttpStatusCode.Forbidden, "Insufficient role");
    }

    [Fact]
    public async Task Key_list_shows_each_key_without_its_secret_and_when_it_was_last_used()
    {
        var key = await Server.CreateKeyAsync("ask", name: "listed key");
        using (var client = Server.ClientWith(key))
        using (var use = await client.GetAsync("/api/documents"))
        {
            Assert.Equal(HttpStatusCode.OK, use.StatusCode);
        }

        var text = await Server.Client.GetStringAsync("/api/keys");
        var listed = JsonDocument.Parse(text).RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("id").GetString() == IdOf(key));

        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[2], text, StringComparison.Ordinal);
        Assert.Equal("listed key", listed.GetProperty("name").GetString());
        Assert.Equal("ask", listed.GetProperty("role").GetString());
        Assert.True(listed.TryGetProperty("lastUsedAt", out _), listed.ToString());
        Assert.False(listed.TryGetProperty("key", out _));
    }

    [Fact]
    public async Task Admin_of_another_tenant_manages_only_its_own_tenants_keys()
    {
        var tenantAdmin = await Server.CreateKeyAsync("admin", tenant: "tenant-admin-test");
        using var client = Server.ClientWith(tenantAdmin);

        using var own = await client.PostAsJsonAsync("/api/keys", new { name = "own", role = "ask" });
        using var foreign = await client.PostAsJsonAsync("/api/keys", new { name = "foreign", role = "ask", tenant = "someone-else" });
        var operatorKey = await Server.CreateKeyAsync("ask", name: "operator's");
        using var revokeForeign = await client.DeleteAsync($"/api/keys/{IdOf(operatorKey)}");
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/keys");

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal("tenant-admin-test", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tenant").GetString());
        await ApiKeyClients.AssertProblemAsync(foreign, HttpStatusCode.Forbidden, "Insufficient role");
        await ApiKeyClients.AssertProblemAsync(revokeForeign, HttpStatusCode.NotFound, "Key not found");
        Assert.All(listed.GetProperty("keys").EnumerateArray(), k => Assert.Equal("tenant-admin-test", k.GetProperty("tenant").GetString()));
    }

    [Fact]
    public async Task Current_key_endpoint_tells_any_key_its_tenant_and_role()
    {
        using var client = Server.ClientWith(await Server.CreateKeyAsync("ask", tenant: "who-am-i"));

        var me = await client.GetFromJsonAsync<JsonElement>("/api/keys/current");

        Assert.Equal("who-am-i", me.GetProperty("tenant").GetString());
        Assert.Equal("ask", me.GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/openapi/v1.json")]
    public async Task Portal_and_openapi_document_need_no_key(string path)
    {
        using var client = Server.ClientWith(null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Job_dashboard_admits_only_an_admin_key_of_the_default_tenant()
    {
        using var anonymous = Server.ClientWith(null);
        using var asker = Server.ClientWith(await Server.CreateKeyAsync("ask"));
        using var tenantAdmin = Server.ClientWith(await Server.CreateKeyAsync("admin", tenant: "dashboard-test"));

        using var none = await anonymous.GetAsync("/hangfire");
        using var wrongRole = await asker.GetAsync("/hangfire");
        using var otherTenant = await tenantAdmin.GetAsync("/hangfire");
        using var admin = await Server.Client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Hangfire", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_key_with_an_unknown_role_is_a_400_problem()
    {
        using var response = await Server.Client.PostAsJsonAsync("/api/keys", new { name = "x", role = "superuser" });

        await ApiKeyClients.AssertProblemAsync(response, HttpStatusCode.BadRequest, "Invalid request");
    }

    private static string IdOf(string key) => key.Split('_')[1];
}
