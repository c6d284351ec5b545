using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace KnowledgeHub.Bench;

/// <summary>What a load run measured: every request that started before the deadline, and how it ended.</summary>
public sealed record LoadReport(int Clients, double Seconds, int Requests, int Errors, IReadOnlyList<string> ErrorSamples, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"clients={Clients} seconds={Seconds:F1} requests={Requests} errors={Errors} p50_ms={P50Ms:F0} p95_ms={P95Ms:F0} p99_ms={P99Ms:F0} max_ms={MaxMs:F0} throughput_rps={RequestsPerSecond:F2}");
}

/// <summary>
/// N clients that each ask one question after another over HTTP until the time is up. An error is any answer
/// that is not 2xx, a stream without its final `answer` event, or an exception (timeouts included).
/// </summary>
public static class LoadRun
{
    private const int MaxErrorSamples = 10;

    public static async Task<LoadReport> RunAsync(
        HttpClient client, IReadOnlyList<string> questions, int clients, TimeSpan duration, string? collection, bool stream, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfZero(questions.Count);
        var latencies = new ConcurrentBag<double>();
        var errorSamples = new ConcurrentQueue<string>();
        var errors = 0;
        var clock = Stopwatch.StartNew();

        async Task ClientAsync(int id)
        {
            // Clients start at different questions so that they do not all ask the same thing at once.
            for (var i = id; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; i += clients)
            {
                var question = questions[i % questions.Count];
                var started = Stopwatch.GetTimestamp();
                var error = await AskOnceAsync(client, question, collection, stream, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    if (errorSamples.Count < MaxErrorSamples)
                    {
                        errorSamples.Enqueue(error);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientAsync(i), cancellationToken)));
        clock.Stop();
        var sorted = latencies.Order().ToList();
        return new LoadReport(
            clients, clock.Elapsed.TotalSeconds, sorted.Count, errors, [.. errorSamples],
            Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted.Count == 0 ? 0 : sorted[^1]);
    }

    /// <summary>Null when the question got a whole answer; otherwise what went wrong.</summary>
    public static async Task<string?> AskOnceAsync(HttpClient client, string question, string? collection, bool stream, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.PostAsJsonAsync(stream ? "/api/ask/stream" : "/api/ask", new { question, collection }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}";
            }

            return stream && !body.Contains("event: answer", StringComparison.Ordinal) ? "the stream ended without an answer event" : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
