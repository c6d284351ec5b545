using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>A document's chunks, page by page: ordinal, page, heading path, text and token count.</summary>
public sealed class ChunkListTests
{
    [Fact]
    public async Task Pages_of_chunks_follow_each_other_in_ordinal_order_and_together_hold_every_chunk_once()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var text = string.Join("\n\n", Enumerable.Range(1, 40).Select(i =>
            $"## Section {i}\n\nParagraph {i} describes how the pump seal number {i} is inspected, cleaned and replaced every {i} months by the maintenance crew on duty."));
        var uploaded = await server.Client.UploadTextAsync("manual.md", text);
        var id = uploaded.GetProperty("id").GetString()!;
        var done = await server.WaitForEndAsync(id);
        var chunkCount = done.GetProperty("chunkCount").GetInt32();
        Assert.True(chunkCount > 3, $"The manual made only {chunkCount} chunks; the paging check needs more.");

        var seen = new List<JsonElement>();
        int? offset = 0;
        while (offset is { } next)
        {
            var page = await server.Client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}/chunks?limit=3&offset={next}");
            Assert.Equal(chunkCount, page.GetProperty("total").GetInt32());
            Assert.True(page.GetProperty("chunks").GetArrayLength() <= 3);
            seen.AddRange(page.GetProperty("chunks").EnumerateArray());
            offset = page.TryGetProperty("nextOffset", out var more) && more.ValueKind == JsonValueKind.Number ? more.GetInt32() : null;
        }

        Assert.Equal(Enumerable.Range(0, chunkCount), seen.Select(c => c.GetProperty("ordinal").GetInt32()));
        Assert.All(seen, c => Assert.True(c.GetProperty("tokenCount").GetInt32() > 0));
        Assert.All(seen, c => Assert.StartsWith("Section", c.GetProperty("headingPath").GetString(), StringComparison.Ordinal));
        using var bad = await server.Client.GetAsync($"/api/documents/{id}/chunks?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
