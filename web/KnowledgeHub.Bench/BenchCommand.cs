using System.Diagnostics;
using System.Globalization;
using System.Text;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench ingest <BEIR folder>` ingests every corpus document through the real pipeline (<see cref="BenchIngestCommand"/>);
/// `bench ask <BEIR folder>` then times
/// retrieval alone and the whole extractive answer for every query. Use the same --KnowledgeHub:DataPath for both.
/// `bench pdf`, `bench encoder` and `bench decoder` time one stage alone (<see cref="BenchPdfCommand"/>,
/// <see cref="BenchEncoderCommand"/>, <see cref="BenchDecoderCommand"/>);
/// `bench cross-encoder` times a cross-encoder at re-scoring depths (<see cref="BenchCrossEncoderCommand"/>);
/// `bench scale` times the embedded index at a million chunks (<see cref="BenchScaleCommand"/>);
/// `bench load` runs concurrent clients against the HTTP API (<see cref="BenchLoadCommand"/>).
/// </summary>
public static class BenchCommand
{
    private const string Usage =
        "Usage: bench ask <BEIR folder> [--limit N] [--collection name] [--KnowledgeHub:DataPath=folder]\n"
        + "       bench ingest <BEIR folder> [--limit N] [--concurrency N] [--no-encoder] [--http [--zip] [--per-request N] [--url U --key K]]\n"
        + "       bench pdf <folder> [--rounds N] [--per-file]\n"
        + "       bench pdf-text <folder> (needs pdftotext from poppler-utils)\n"
        + "       bench ocr <folder> [--pages N] (needs tesseract and pdftoppm)\n"
        + "       bench encoder <BEIR folder> [--limit N] [--batch N] [--KnowledgeHub:Encoder:Model=<model folder>]\n"
        + "       bench cross-encoder <BEIR folder> --model <folder> [--queries N] [--depths 10,30,50] [--batch N]\n"
        + "       bench model-folders <output folder> (MiniLM as a folder, and a MiniLM cross-encoder with an untrained head)\n"
        + "       bench decoder --KnowledgeHub:Model:Path=model.gguf [--tokens N] [--runs N]\n"
        + "       bench workers <BEIR folder> --workers N [--limit N] (PostgreSQL store and jobs; see docs/benchmarks.md)\n"
        + "       bench scale [--chunks N] [--dims N] [--queries N] [--text-chunks N] [--text-corpus <BEIR folder>] [--seed N]\n"
        + "       bench filtered [--size N] [--queries N] [--modes hybrid,keyword,dense] (access-group filters keeping 1/10/50% vs unfiltered)\n"
        + "       bench load <BEIR folder> [--clients 50] [--seconds 60] [--docs 200] [--stream] [--url U --key K]\n"
        + "       bench html [--sizes 1,4,16,32] (single-line HTML pages: parse and chunk time by size)\n"
        + "       bench sync [--files 5000] [--resyncs 3] (folder connector: first sync and unchanged re-syncs, items/s)";

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "ingest":
                return await BenchIngestCommand.RunAsync(args[1..]);
            case "pdf":
                return await BenchPdfCommand.RunAsync(args[1..]);
            case "pdf-text":
                return await BenchPdfTextCommand.RunAsync(args[1..]);
            case "ocr":
                return await BenchOcrCommand.RunAsync(args[1..]);
            case "encoder":
                return await BenchEncoderCommand.RunAsync(args[1..]);
            case "cross-encoder":
                return await BenchCrossEncoderCommand.RunAsync(args[1..]);
            case "model-folders":
                return await BenchCrossEncoderCommand.WriteFoldersAsync(args[1..]);
            case "decoder":
                return await BenchDecoderCommand.RunAsync(args[1..]);
            case "scale":
                return await BenchScaleCommand.RunAsync(args[1..]);
            case "filtered":
                return await BenchScaleCommand.RunFilteredAsync(args[1..]);
            case "workers":
                return await BenchWorkersCommand.RunAsync(args[1..]);
            case "load":
                return await BenchLoadCommand.RunAsync(args[1..]);
            case "html":
                return await BenchHtmlCommand.RunAsync(args[1..]);
            case "sync":
                return await BenchSyncCommand.RunAsync(args[1..]);
        }

        var parsed = CommandArgs.Parse(args, new HashSet<string> { "limit", "collection" }, new HashSet<string>());
        if (parsed.Positionals.Count != 2 || parsed.Positionals[0] is not "ask")
        {
            throw new ArgumentException(Usage);
        }

        var dataset = BeirDataset.Load(parsed.Positionals[1]);
        var limit = parsed.Value("limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var collection = parsed.Value("collection") ?? "bench";
        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        await app.Services.GetRequiredService<IDocumentStore>().InitializeAsync();
        return await AskAsync(app.Services, dataset, collection, limit);
    }

    private static async Task<int> AskAsync(IServiceProvider services, BeirDataset dataset, string collection, int limit)
    {
        var tenant = services.Settings<KnowledgeHubOptions>().DefaultTenant;
        var retriever = services.GetRequiredService<HybridRetriever>();
        var answers = services.GetRequiredService<AnswerService>();
        var filter = new SearchFilter(tenant, collection);
        var queries = dataset.Queries.Take(limit).ToList();

        // Warm-up: the first call pays for model load and JIT.
        await answers.AskAsync(new AskRequest(queries[0].Text, tenant, collection));

        var retrieval = new List<double>();
        var whole = new List<double>();
        foreach (var query in queries)
        {
            var clock = Stopwatch.StartNew();
            await retriever.SearchAsync(query.Text, filter, 5);
            retrieval.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await answers.AskAsync(new AskRequest(query.Text, tenant, collection));
            whole.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"queries={queries.Count} retrieval_p50_ms={Percentile(retrieval, 0.50):F1} retrieval_p95_ms={Percentile(retrieval, 0.95):F1} ask_p50_ms={Percentile(whole, 0.50):F1} ask_p95_ms={Percentile(whole, 0.95):F1}"));
        return 0;
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
