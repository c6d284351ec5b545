using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime;
using System.Text;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench ingest <BEIR folder>`: every corpus text (up to --limit) through the real pipeline, several documents at once
/// as the job workers run them (or, with --http, uploaded to the real server with multi-file or zip bulk uploads and
/// ingested by its workers). Then, in the same process, the encoder alone embeds exactly the texts the pipeline embedded
/// (each stored chunk's embedding text) in calls of <see cref="IngestionOptions.EmbedBatchSize"/>, so the two rates are
/// comparable: wall time and this process's CPU time for both, and their ratios.
/// </summary>
public static class BenchIngestCommand
{
    /// <summary>Documents per warm-up round.</summary>
    private const int DefaultWarmUpDocuments = 40;

    /// <summary>A warm-up round that compiled fewer methods than this, in less than <see cref="QuietJitTime"/>, leaves the JIT quiet enough to measure.</summary>
    private const int QuietJitMethods = 100;

    /// <summary>
    /// A few huge methods (the source-generated planted-instruction rules, 50-120 KB of machine code each) are compiled
    /// again late, when a rarely gated rule reaches the call count, so a round of few methods can still hold seconds of
    /// JIT (the timed half of a 1,000-document run compiled 91 methods in 3.7 s, 2026-12-08).
    /// </summary>
    private static readonly TimeSpan QuietJitTime = TimeSpan.FromMilliseconds(150);

    private const int MaxWarmUpRounds = 30;

    public const string Usage =
        "Usage: bench ingest <BEIR folder> [--limit N] [--collection name] [--concurrency N] [--warm-up 40] [--no-encoder]\n"
        + "                    [--http [--zip] [--per-request 100] [--url http://host:port --key <api key>]] [--KnowledgeHub:DataPath=folder]";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(
            args,
            new HashSet<string> { "limit", "collection", "concurrency", "per-request", "url", "key", "warm-up" },
            new HashSet<string> { "http", "zip", "no-encoder" });
        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException(Usage);
        }

        var limit = parsed.Value("limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var corpus = BeirDataset.Load(parsed.Positionals[0]).Corpus.Take(limit).ToList();
        if (corpus.Count == 0)
        {
            throw new ArgumentException($"The corpus in {parsed.Positionals[0]} is empty.");
        }

        var collection = parsed.Value("collection") ?? "bench";
        if (parsed.Has("http"))
        {
            return await BenchIngestHttp.RunAsync(parsed, corpus, collection);
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var services = app.Services;
        await services.GetRequiredService<IDocumentStore>().InitializeAsync();
        var concurrency = parsed.Value("concurrency") is { } c
            ? int.Parse(c, CultureInfo.InvariantCulture)
            : services.Settings<IngestionOptions>().WorkerLanes(Environment.ProcessorCount).Small;
        await WarmUpAsync(services, corpus, WarmUpDocuments(parsed), copies => IngestAsync(services, copies, collection + "-warm-up", concurrency));

        using var calls = new EmbedCallCounter();
        var cpuStart = ProcessCpu.Now();
        var clock = Stopwatch.StartNew();
        // As the job workers do: several documents at once, so that their chunks share the encoder's calls.
        var (ids, failed) = await IngestAsync(services, corpus, collection, concurrency, clock);
        clock.Stop();
        var cpu = ProcessCpu.Now().Since(cpuStart);
        var texts = await EmbeddedTextsAsync(services, ids);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest documents={corpus.Count} concurrency={concurrency} failed={failed} chunks={texts.Count} wall_s={seconds:F1} docs_per_s={corpus.Count / seconds:F1} chunks_per_s={texts.Count / seconds:F1} {cpu.Describe(string.Empty)} cpu_ms_per_chunk={cpu.Seconds * 1000 / Math.Max(1, texts.Count):F1} {calls.Describe()} peak_working_set_mib={PeakWorkingSetMib():F0}"));
        if (!parsed.Has("no-encoder"))
        {
            await CompareWithEncoderAsync(services, texts, seconds, cpu);
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The first runs pay for session initialisation, JIT and ONNX Runtime's arenas; neither clock should. The encoder
    /// embeds one call, then untimed rounds of <paramref name="documents"/> altered copies of corpus texts go through
    /// <paramref name="ingest"/> (the same path as the timed run, into a collection of their own) until the JIT is quiet:
    /// .NET compiles a method again, optimised, after it has run a while, on a background thread, so the first few hundred
    /// documents of a process pay several CPU-seconds of compilation (6.4 s in a 300-document run after a 40-document
    /// warm-up, 2026-12-07) that a long-running server paid long ago. A round ends the warm-up when it compiled fewer than
    /// <see cref="QuietJitMethods"/> methods in less than <see cref="QuietJitTime"/>; at most <see cref="MaxWarmUpRounds"/> rounds.
    /// </summary>
    internal static async Task WarmUpAsync(IServiceProvider services, IReadOnlyList<BeirDocument> corpus, int documents, Func<IReadOnlyList<BeirDocument>, Task> ingest)
    {
        var batch = services.Settings<IngestionOptions>().EmbedBatchSize;
        await services.GetRequiredService<ITextEncoder>().EmbedAsync([.. corpus.Take(batch).Select(d => d.FullText)], EmbeddingPurpose.Passage);
        if (documents <= 0)
        {
            return;
        }

        for (var round = 0; round < MaxWarmUpRounds; round++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            var compiling = JitInfo.GetCompilationTime();
            await ingest([.. Enumerable.Range(round * documents, documents).Select(i => new BeirDocument($"warm-up-{i}", string.Empty, WarmUpText(i, corpus[i % corpus.Count].FullText)))]);

            // The background compiler finishes what the round queued before the next round counts.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var newlyCompiled = JitInfo.GetCompiledMethodCount() - compiled;
            var compileTime = JitInfo.GetCompilationTime() - compiling;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up round {round + 1}: {documents} documents, {newlyCompiled} methods compiled in {compileTime.TotalSeconds:F2} s"));
            if (newlyCompiled < QuietJitMethods && compileTime < QuietJitTime)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Uploads and ingests <paramref name="documents"/> in this process, <paramref name="concurrency"/> at once, as the job
    /// workers do; the documents' ids in order and how many failed. With <paramref name="progress"/>, every 250th
    /// document is reported with its time.
    /// </summary>
    private static async Task<(string[] Ids, int Failed)> IngestAsync(
        IServiceProvider services, IReadOnlyList<BeirDocument> documents, string collection, int concurrency, Stopwatch? progress = null)
    {
        var tenant = services.Settings<KnowledgeHubOptions>().DefaultTenant;
        var uploads = services.GetRequiredService<DocumentService>();
        var ids = new string[documents.Count];
        var failed = 0;
        var finished = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, documents.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency) }, async (i, cancellationToken) =>
        {
            (ids[i], _) = await TextDocumentIngestion.IngestAsync(services, tenant, collection, $"{documents[i].Id}.txt", documents[i].FullText, cancellationToken);
            if ((await uploads.GetAsync(tenant, ids[i], cancellationToken))?.Status == DocumentStatus.Failed)
            {
                Interlocked.Increment(ref failed);
            }

            var count = Interlocked.Increment(ref finished);
            if (progress is not null && count % 250 == 0)
            {
                Console.Error.WriteLine($"ingested {count}/{documents.Count} ({progress.Elapsed.TotalSeconds:F0} s)");
            }
        });

        return (ids, failed);
    }

    /// <summary>
    /// A copy with its words in reverse order: the same lengths for the pipeline and the encoder, but no chunk equal to one
    /// of the timed run's, which would be served from the embedding cache and make the timed run look faster.
    /// </summary>
    internal static string WarmUpText(int copy, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"Warm-up copy {copy}. {string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse())}");

    /// <summary>--warm-up N: documents per untimed warm-up round, rounds repeated until the JIT is quiet (0: only the encoder's first call).</summary>
    internal static int WarmUpDocuments(CommandArgs parsed) =>
        parsed.Value("warm-up") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : DefaultWarmUpDocuments;

    /// <summary>What the pipeline embedded for these documents: each stored chunk's embedding text, in document order.</summary>
    internal static async Task<List<string>> EmbeddedTextsAsync(IServiceProvider services, IEnumerable<string?> documentIds)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var texts = new List<string>();
        foreach (var id in documentIds.OfType<string>())
        {
            texts.AddRange((await store.GetChunksAsync(id)).Select(c => PassageText.ForEmbedding(c.HeadingPath, c.Text)));
        }

        return texts;
    }

    /// <summary>
    /// The encoder alone on <paramref name="texts"/>, in calls of the pipeline's size grouped by length as the shared
    /// batcher groups a full queue (before 2026-12-07 evening: document order), and the ingestion's rate against it:
    /// the goal is chunks/s at least 0.9 of texts/s, i.e. ingestion CPU at most 1/0.9 of the encoder's.
    /// </summary>
    internal static async Task CompareWithEncoderAsync(IServiceProvider services, IReadOnlyList<string> texts, double ingestSeconds, ProcessCpu ingestCpu)
    {
        if (texts.Count == 0)
        {
            return;
        }

        var encoder = services.GetRequiredService<ITextEncoder>();
        var batch = services.Settings<IngestionOptions>().EmbedBatchSize;
        var cpuStart = ProcessCpu.Now();
        var clock = Stopwatch.StartNew();
        // As the shared batcher groups what waits for it: a window of a few calls' texts, by length, cut into calls.
        foreach (var call in texts.Chunk(batch * EmbeddingBatcher.LookaheadCalls).SelectMany(window => window.OrderBy(t => t.Length).Chunk(batch)))
        {
            await encoder.EmbedAsync(call, EmbeddingPurpose.Passage);
        }

        clock.Stop();
        var cpu = ProcessCpu.Now().Since(cpuStart);
        var seconds = clock.Elapsed.TotalSeconds;
        var tokens = texts.Sum(t => (long)Math.Min(encoder.CountTokens(t) + 2, encoder.MaxTokens));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"encoder_alone model={encoder.ModelId} texts={texts.Count} batch={batch} avg_tokens={(double)tokens / texts.Count:F0} wall_s={seconds:F1} texts_per_s={texts.Count / seconds:F1} {cpu.Describe(string.Empty)} cpu_ms_per_text={cpu.Seconds * 1000 / texts.Count:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest_vs_encoder wall_ratio={seconds / ingestSeconds:F2} cpu_ratio={cpu.Seconds / ingestCpu.Seconds:F2} ingest_cpu_over_encoder={ingestCpu.Seconds / cpu.Seconds:F2} (goal: ratios >= 0.90)"));
    }

    internal static double PeakWorkingSetMib()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>Counts the shared batcher's encoder calls and their texts (the knowledgehub.ingestion.embed.call_texts histogram).</summary>
    internal sealed class EmbedCallCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private long calls;
        private long texts;

        public EmbedCallCounter()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == IngestionMetrics.EmbedCallTextsName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
            {
                Interlocked.Increment(ref calls);
                Interlocked.Add(ref texts, value);
            });
            listener.Start();
        }

        public string Describe()
        {
            var n = Interlocked.Read(ref calls);
            return string.Create(CultureInfo.InvariantCulture, $"encoder_calls={n} avg_texts_per_call={(n == 0 ? 0 : (double)Interlocked.Read(ref texts) / n):F1}");
        }

        public void Dispose() => listener.Dispose();
    }
}
