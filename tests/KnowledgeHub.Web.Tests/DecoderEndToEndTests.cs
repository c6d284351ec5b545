using System.Text;
using System.Text.Json;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Web.Tests;

/// <summary>The decoder path over HTTP with the tiny stories260K GGUF model: it cannot answer well, but it must load, stream, stop and cite only retrieved passages.</summary>
public sealed class DecoderEndToEndTests
{
    private const int MaxTokens = 24;

    [SharedDataFact]
    public async Task Decoder_answer_streams_tokens_stops_at_the_limit_and_cites_only_retrieved_passages()
    {
        var model = SharedData.PathTo("models", "stories260K.gguf");
        await using var server = await KnowledgeHubServer.StartAsync($"--KnowledgeHub:Model:Path={model}", $"--KnowledgeHub:Answer:MaxTokens={MaxTokens}");
        var uploaded = await server.UploadAsync("garden.txt", Encoding.UTF8.GetBytes(
            "Tomatoes need six hours of sun every day. Water the tomato plants in the morning.\n\nBasil grows well next to tomatoes and keeps pests away."));
        Assert.Equal("completed", (await server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!)).GetProperty("status").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream")
        {
            Content = new StringContent("{\"question\":\"How much sun do tomatoes need?\"}", Encoding.UTF8, "application/json"),
        };
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await response.Content.ReadAsStringAsync());

        Assert.True(events.Count(e => e.Name == "delta") > 1, "expected the answer to arrive as several delta events");
        var final = Assert.Single(events, e => e.Name == "answer").Data;
        Assert.Equal("stories260K", final.GetProperty("generator").GetString());
        var completion = final.GetProperty("usage").GetProperty("completionTokens").GetInt32();
        Assert.InRange(completion, 1, MaxTokens);

        var search = await server.PostJsonAsync("/api/search", new { query = "How much sun do tomatoes need?", top = 5 });
        var retrieved = search.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunkId").GetString()).ToHashSet();
        Assert.All(final.GetProperty("citations").EnumerateArray(), c => Assert.Contains(c.GetProperty("chunkId").GetString(), retrieved));
    }

    private static List<(string Name, JsonElement Data)> ParseEvents(string body)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var name = lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..] ?? "message";
            var data = string.Join('\n', lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]));
            events.Add((name, JsonDocument.Parse(data).RootElement.Clone()));
        }

        return events;
    }
}
