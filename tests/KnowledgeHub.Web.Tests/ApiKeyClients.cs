using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>Keys made through the real key API, and clients that send them.</summary>
public static class ApiKeyClients
{
    /// <summary>Creates a key with the server's bootstrap admin key (an operator, so any tenant) and returns the whole key.</summary>
    public static async Task<string> CreateKeyAsync(this KnowledgeHubServer server, string role, string? tenant = null, string name = "test key")
    {
        using var response = await server.Client.PostAsJsonAsync("/api/keys", new { name, role, tenant }, KnowledgeHubServer.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/keys answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>A client of the same server that sends <paramref name="key"/> (or nothing, when null).</summary>
    public static HttpClient ClientWith(this KnowledgeHubServer server, string? key)
    {
        var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static async Task<JsonElement> UploadTextAsync(this HttpClient client, string fileName, string text, string? idempotencyKey = null)
    {
        using var response = await client.SendUploadAsync(fileName, System.Text.Encoding.UTF8.GetBytes(text), idempotencyKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Upload of {fileName} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> SendUploadAsync(this HttpClient client, string fileName, byte[] content, string? idempotencyKey = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Asserts an RFC 9457 problem with this status and title; returns its detail.</summary>
    public static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem.GetProperty("detail").GetString()!;
    }

    /// <summary>Polls with <paramref name="client"/> until the document is completed or failed; the bound only keeps a broken build from hanging.</summary>
    public static async Task<JsonElement> WaitForEndAsync(this HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var document = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}", KnowledgeHubServer.Json);
            if (document.GetProperty("status").GetString() is "completed" or "failed")
            {
                return document;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Document {id} did not finish: {document}");
            await Task.Delay(100);
        }
    }
}
