using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Web.Tests;

/// <summary>GET /api/ingestion shows the queue; a document held in a step past StallAfter is stalled there and in /health/ready, and can be retried.</summary>
public sealed class IngestionQueueTests
{
    private const string HoldMarker = "hold-this-document-in-embedding";

    [Fact]
    public async Task A_document_held_in_a_step_past_StallAfter_is_stalled_in_the_queue_and_degrades_readiness_and_its_retry_completes_it()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        HoldingEncoder? encoder = null;
        await using var server = await KnowledgeHubServer.StartWithAsync(
            (_, services) =>
            {
                var real = services.Last(d => d.ServiceType == typeof(ITextEncoder)).ImplementationFactory!;
                services.AddSingleton<ITextEncoder>(sp => encoder = new HoldingEncoder((ITextEncoder)real(sp)));
                services.AddSingleton<TimeProvider>(clock);
            },
            // The shared embedding batcher and the grouped index writes would wait for the fake clock before each call.
            "--KnowledgeHub:Ingestion:EmbedBatchWait=00:00:00",
            "--KnowledgeHub:Ingestion:IndexCommitWindow=00:00:00");
        var held = await server.UploadAsync("held.txt", Encoding.UTF8.GetBytes($"Pumps need oil every week. {HoldMarker}"));
        var id = held.GetProperty("id").GetString()!;
        await encoder!.Entered.Task.WaitAsync(TimeSpan.FromMinutes(2));

        var before = await server.Client.GetFromJsonAsync<JsonElement>("/api/ingestion");
        var processing = Assert.Single(before.GetProperty("processing").EnumerateArray());
        Assert.Equal(id, processing.GetProperty("id").GetString());
        Assert.Equal("embed", processing.GetProperty("step").GetString());
        Assert.Equal(1, processing.GetProperty("attempt").GetInt32());
        Assert.False(processing.GetProperty("stalled").GetBoolean());
        Assert.Equal(0, before.GetProperty("stalled").GetInt32());
        Assert.Equal("Healthy", (await ReadyCheckAsync(server, "ingestion")).GetProperty("status").GetString());

        clock.Advance(TimeSpan.FromMinutes(11));

        var after = await server.Client.GetFromJsonAsync<JsonElement>("/api/ingestion");
        var stalled = Assert.Single(after.GetProperty("processing").EnumerateArray());
        Assert.True(stalled.GetProperty("stalled").GetBoolean(), after.ToString());
        Assert.True(stalled.GetProperty("secondsInStep").GetDouble() >= 600, after.ToString());
        Assert.Equal(1, after.GetProperty("stalled").GetInt32());
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var ready = await anonymous.GetAsync("/health/ready");
        var readyBody = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", readyBody.GetProperty("status").GetString());
        var check = readyBody.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ingestion");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("1 document(s) stalled", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, server.Services.GetRequiredService<IngestionMetrics>().Stalled);

        // The retry stops the held run and starts it over at once, so it is no longer stalled even before it moves on.
        await server.PostJsonAsync($"/api/documents/{id}/retry", new { });
        var retried = await server.Client.GetFromJsonAsync<JsonElement>("/api/ingestion");
        Assert.Equal(0, retried.GetProperty("stalled").GetInt32());
        Assert.All(retried.GetProperty("processing").EnumerateArray(), p => Assert.False(p.GetProperty("stalled").GetBoolean()));
        encoder.Release();

        var ended = await server.WaitForEndAsync(id, TimeSpan.FromMinutes(2));
        Assert.Equal("completed", ended.GetProperty("status").GetString());
        var drained = await server.Client.GetFromJsonAsync<JsonElement>("/api/ingestion");
        Assert.Empty(drained.GetProperty("processing").EnumerateArray());
        Assert.Equal(0, drained.GetProperty("queued").GetInt32());
        Assert.Equal(1, drained.GetProperty("completedLastHour").GetInt32());
        Assert.True(drained.GetProperty("throughput").GetProperty("documentsPerSecond").GetDouble() > 0, drained.ToString());
        Assert.Equal("Healthy", (await ReadyCheckAsync(server, "ingestion")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_ask_key_may_not_read_the_queue()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        using var asker = server.ClientWith(await server.CreateKeyAsync("ask"));

        using var response = await asker.GetAsync("/api/ingestion");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JsonElement> ReadyCheckAsync(KnowledgeHubServer server, string name)
    {
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        var body = await anonymous.GetFromJsonAsync<JsonElement>("/health/ready");
        return body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    /// <summary>The real encoder, except that a text with the marker waits until released (or its run is stopped).</summary>
    private sealed class HoldingEncoder(ITextEncoder inner) : ITextEncoder
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int MaxTokens => inner.MaxTokens;

        public int CountTokens(string text) => inner.CountTokens(text);

        public void Release() => released.TrySetResult();

        public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
        {
            if (texts.Any(t => t.Contains(HoldMarker, StringComparison.Ordinal)))
            {
                Entered.TrySetResult();
                await released.Task.WaitAsync(cancellationToken);
            }

            return await inner.EmbedAsync(texts, purpose, cancellationToken);
        }
    }
}
