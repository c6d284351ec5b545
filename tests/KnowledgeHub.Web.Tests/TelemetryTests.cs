using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Retrieval;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KnowledgeHub.Web.Tests;

public sealed class TelemetryTests
{
    private const string Notes = """
        Maintenance notes for the pump station.
        The main pump must be inspected every 90 days by a certified technician.
        Bearings are greased with lithium grease during each inspection.
        """;

    [Fact]
    public async Task A_meter_listener_sees_ingestion_step_durations_retrieval_latency_and_answer_latency_after_an_ingest_and_an_ask()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = ListenTo(server.Services.GetRequiredService<IMeterFactory>(), measurements);

        var uploaded = await server.UploadAsync("pump-notes.txt", Encoding.UTF8.GetBytes(Notes));
        var document = await server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!);
        await server.PostJsonAsync("/api/ask", new { question = "How often must the main pump be inspected?" });

        Assert.Equal("completed", document.GetProperty("status").GetString());
        var steps = measurements.Where(m => m.Instrument == IngestionMetrics.StepDurationName).ToList();
        Assert.Equal(["chunk", "embed", "extract", "index"], steps.Select(s => (string)s.Tags["step"]!).Distinct().Order());
        Assert.All(steps, s => Assert.Equal("completed", s.Tags["outcome"]));
        Assert.All(steps, s => Assert.True(s.Value >= 0));
        Assert.Contains(measurements, m => m.Instrument == IngestionMetrics.DocumentsName && (string?)m.Tags["outcome"] == "completed");
        var retrieval = measurements.First(m => m.Instrument == SearchMetrics.DurationName);
        Assert.Equal("hybrid", retrieval.Tags["mode"]);
        Assert.True(retrieval.Value > 0);
        var answer = Assert.Single(measurements, m => m.Instrument == AnswerMetrics.DurationName);
        Assert.Equal("extractive", answer.Tags["generator"]);
        Assert.True(answer.Value >= retrieval.Value, $"answer latency {answer.Value} s is below its retrieval latency {retrieval.Value} s");
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_configured_traces_and_metrics_reach_the_collector()
    {
        await using var collector = await FakeCollector.StartAsync();
        var server = await KnowledgeHubServer.StartAsync(
            $"--KnowledgeHub:Telemetry:OtlpEndpoint={collector.Address}",
            "--KnowledgeHub:Telemetry:OtlpProtocol=http/protobuf");
        try
        {
            await server.PostJsonAsync("/api/search", new { query = "pump inspection" });
        }
        finally
        {
            await server.DisposeAsync(); // shutting down flushes both exporters
        }

        var metrics = collector.Received("/v1/metrics");
        var traces = collector.Received("/v1/traces");
        Assert.Contains(SearchMetrics.DurationName, metrics, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
        Assert.Contains("knowledgehub.retrieve", traces, StringComparison.Ordinal);
        Assert.Contains("EncoderRescorer", traces, StringComparison.Ordinal);
        Assert.Contains("/api/search", traces, StringComparison.Ordinal);
    }

    private static MeterListener ListenTo(IMeterFactory scope, ConcurrentQueue<(string, double, Dictionary<string, object?>)> measurements)
    {
        // Only this server's meters: other tests' servers run in the same process.
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == KnowledgeHubTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.Start();
        return listener;
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }

    /// <summary>An OTLP/HTTP receiver on loopback that keeps every request body by path (protobuf: names are plain UTF-8 inside).</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> bodies = new(StringComparer.Ordinal);

        private FakeCollector(WebApplication app) => this.app = app;

        public string Address { get; private set; } = "";

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/{**path}", async (HttpContext context) =>
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer);
                collector.bodies.GetOrAdd(context.Request.Path.Value!, _ => new ConcurrentQueue<byte[]>()).Enqueue(buffer.ToArray());
                return Results.Ok();
            });
            await app.StartAsync();
            collector.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return collector;
        }

        public string Received(string path) =>
            bodies.TryGetValue(path, out var queue) ? string.Concat(queue.Select(b => Encoding.UTF8.GetString(b))) : "";

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
