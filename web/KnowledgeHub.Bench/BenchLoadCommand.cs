using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench load <BEIR folder>`: starts the server in this process on a loopback port (or targets --url), uploads a small
/// corpus from the data set over HTTP, then runs N concurrent clients asking its queries for D seconds and reports
/// requests, errors, latency percentiles and throughput. Exit code 1 when any request failed.
/// </summary>
public static class BenchLoadCommand
{
    public const string Usage =
        "Usage: bench load <BEIR folder> [--clients 50] [--seconds 60] [--docs 200] [--collection load] [--stream] [--skip-ingest]\n"
        + "                  [--url http://host:port --key <api key>] [--KnowledgeHub:DataPath=folder]";

    /// <summary>Settings that keep the server's own protection out of a load measurement (a rate limit would turn load into 429s).</summary>
    public static readonly IReadOnlyList<string> UnthrottledServer = ["--KnowledgeHub:RateLimits:Ask:PermitLimit=0", "--KnowledgeHub:RateLimits:Upload:PermitLimit=0"];

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "clients", "seconds", "docs", "collection", "url", "key" }, new HashSet<string> { "stream", "skip-ingest" });
        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException(Usage);
        }

        var clients = Int(parsed, "clients", 50);
        var seconds = Int(parsed, "seconds", 60);
        var collection = parsed.Value("collection") ?? "load";
        var corpus = LoadCorpus.From(BeirDataset.Load(parsed.Positionals[0]), Int(parsed, "docs", 200));

        await using var server = parsed.Value("url") is null ? await InProcessServer.StartAsync(parsed.Configuration, parsed.Value("key")) : null;
        var baseAddress = server?.Address ?? parsed.Value("url")!;
        var key = server?.Key ?? parsed.Value("key") ?? Environment.GetEnvironmentVariable("KNOWLEDGEHUB_KEY")
            ?? throw new ArgumentException("--url needs --key (or KNOWLEDGEHUB_KEY) with an API key that may upload and ask.");
        using var client = CreateClient(baseAddress, key, clients);

        if (!parsed.Has("skip-ingest"))
        {
            await Console.Error.WriteLineAsync($"ingesting {corpus.Documents.Count} documents into '{collection}' at {baseAddress} ...");
            var failed = await corpus.IngestAsync(client, collection, TimeProvider.System, TimeSpan.FromMinutes(30));
            await Console.Error.WriteLineAsync($"ingested ({failed} failed)");
        }

        // One untimed question pays for model load and JIT before the clock starts.
        if (await LoadRun.AskOnceAsync(client, corpus.Questions[0], collection, parsed.Has("stream"), CancellationToken.None) is { } warmUpError)
        {
            throw new InvalidOperationException($"The warm-up question failed: {warmUpError}");
        }

        await Console.Error.WriteLineAsync($"{clients} clients asking {corpus.Questions.Count} questions for {seconds} s{(parsed.Has("stream") ? " (streaming)" : string.Empty)} ...");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var report = await LoadRun.RunAsync(client, corpus.Questions, clients, TimeSpan.FromSeconds(seconds), collection, parsed.Has("stream"));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        // CPU time per request survives a busy machine better than latency does; it counts the clients too (in-process only).
        Console.WriteLine(server is null || report.Requests == 0
            ? report.ToString()
            : string.Create(CultureInfo.InvariantCulture, $"{report} process_cpu_ms_per_request={cpu.TotalMilliseconds / report.Requests:F0}"));
        foreach (var sample in report.ErrorSamples)
        {
            await Console.Error.WriteLineAsync($"error: {sample}");
        }

        return report.Errors == 0 ? 0 : 1;
    }

    /// <summary>An HTTP client for a load run: one connection per client, and a timeout far above any healthy answer (50 clients queue on 2 cores).</summary>
    public static HttpClient CreateClient(string baseAddress, string key, int clients)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(clients, 1), PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static int Int(CommandArgs parsed, string flag, int fallback) =>
        parsed.Value(flag) is { } value
            ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{flag} must be a positive whole number.")
            : fallback;
}
