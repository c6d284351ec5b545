using System.Diagnostics;
using System.Globalization;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench cross-encoder &lt;BEIR folder&gt; --model &lt;folder&gt;`: for each depth, scores every query against that many corpus
/// texts (title and text, a different window per query) in one call, as the cross-encoder re-scorer does per search, and
/// reports the latency it adds per query (median, p95) and pairs/s. `bench model-folders &lt;out&gt;` writes plumbing models.
/// </summary>
public static class BenchCrossEncoderCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "model", "queries", "depths", "batch" }, new HashSet<string>());
        if (parsed.Positionals.Count != 1 || parsed.Value("model") is not { } folder)
        {
            throw new ArgumentException("Usage: bench cross-encoder <BEIR folder> --model <cross-encoder folder> [--queries N] [--depths 10,30,50] [--batch N]");
        }

        var queryCount = parsed.Value("queries") is { } q ? int.Parse(q, CultureInfo.InvariantCulture) : 50;
        int[] depths = parsed.Value("depths") is { } d ? [.. d.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))] : [10, 30, 50];
        var dataset = BeirDataset.Load(parsed.Positionals[0]);
        var corpus = dataset.Corpus.Select(c => c.FullText).ToList();
        var queries = dataset.Queries.Take(queryCount).Select(x => x.Text).ToList();
        if (corpus.Count < depths.Max() || queries.Count == 0)
        {
            throw new ArgumentException($"{parsed.Positionals[0]} needs at least {depths.Max()} corpus texts and one query.");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var runtime = app.Services.Settings<EncoderOptions>();
        if (parsed.Value("batch") is { } b)
        {
            runtime = runtime.For(runtime.Model, runtime.Precision);
            runtime.BatchSize = int.Parse(b, CultureInfo.InvariantCulture);
        }

        using var crossEncoder = OnnxCrossEncoder.Create(folder, runtime);

        // The warm-up pays for session initialisation and JIT; ONNX Runtime allocates its arenas on first runs.
        await crossEncoder.ScoreAsync(queries[0], corpus.GetRange(0, depths.Max()));
        foreach (var depth in depths)
        {
            var latencies = new List<double>();
            var total = Stopwatch.StartNew();
            for (var i = 0; i < queries.Count; i++)
            {
                var start = (i * depth) % (corpus.Count - depth + 1);
                var clock = Stopwatch.StartNew();
                await crossEncoder.ScoreAsync(queries[i], corpus.GetRange(start, depth));
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }

            var seconds = total.Elapsed.TotalSeconds;
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"model={crossEncoder.ModelId} provider={crossEncoder.ExecutionProvider} batch={runtime.BatchSize} depth={depth} queries={queries.Count} pairs={queries.Count * depth} wall_s={seconds:F1} pairs_per_s={queries.Count * depth / seconds:F1} latency_ms_median={latencies[latencies.Count / 2]:F0} latency_ms_p95={latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * 0.95) - 1)]:F0}"));
        }

        return 0;
    }

    /// <summary>`bench model-folders &lt;out&gt;`: writes the plumbing encoder and cross-encoder folders and prints their paths.</summary>
    public static async Task<int> WriteFoldersAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string>(), new HashSet<string>());
        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException("Usage: bench model-folders <output folder>");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var (encoder, crossEncoder) = PlumbingModelFolders.Write(parsed.Positionals[0], app.Services.GetRequiredService<DataPaths>().Models);
        Console.WriteLine($"encoder={encoder}");
        Console.WriteLine($"cross_encoder={crossEncoder}");
        return 0;
    }
}
