using System.Globalization;
using System.Text.Json;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `eval <dataset folder>`: retrieval quality of bm25, dense and hybrid on a BEIR folder (corpus.jsonl[.gz],
/// queries.jsonl, qrels/test.tsv) or a Cranfield folder, plus any extra configurations (`--configs`, see
/// <see cref="RetrievalRecipe"/>). Embeddings are cached under &lt;DataPath&gt;/eval-cache unless `--no-cache`.
/// With `--questions file.jsonl` it scores the user's own ingested collection instead (see <see cref="CollectionEvalCommand"/>).
/// Rows go to stdout; progress goes to stderr.
/// </summary>
public static class EvalCommand
{
    private const string Usage =
        "Usage: eval <dataset folder> [--modes bm25,dense,hybrid] [--configs spec,spec...] [--second-encoder model [--second-encoder-precision float32|int8]] [--sentence-candidates N] [--title-context] [--query-limit N] [--no-cache] [--json] [--per-query]\n" +
        "       eval --questions questions.jsonl [--collection name] [--tenant id] [--modes ...] [--tune] [--json] [--per-query]   (your own ingested collection)";

    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(
            args, new HashSet<string> { "modes", "split", "configs", "second-encoder", "second-encoder-precision", "sentence-candidates", "query-limit", "questions", "collection", "tenant" }, new HashSet<string> { "json", "per-query", "no-cache", "tune", "title-context" });
        if (parsed.Value("questions") is not null && parsed.Positionals.Count == 0)
        {
            var collectionReport = await CollectionEvalCommand.RunAsync(parsed, ParseModes(parsed.Value("modes")));
            Print(collectionReport, parsed);
            if (parsed.Has("tune"))
            {
                CollectionEvalCommand.PrintAdvice(collectionReport, parsed, parsed.Has("json") ? Console.Error : Console.Out);
            }

            return 0;
        }

        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException(Usage);
        }

        var folder = parsed.Positionals[0];
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"No such folder: {folder}");
        }

        var dataset = File.Exists(Path.Combine(folder, "cran.qry"))
            ? CranfieldDataset.Load(folder)
            : BeirDataset.Load(folder, parsed.Value("split") ?? "test");
        if (parsed.Value("query-limit") is { } limit)
        {
            // The first N evaluated queries: a quick run, compared only with rows measured on the same N.
            dataset = new BeirDataset(dataset.Name, dataset.Corpus, [.. dataset.Queries.Take(PositiveInt(limit, "query-limit"))], dataset.Qrels);
        }

        var modes = ParseModes(parsed.Value("modes"));
        var recipes = (parsed.Value("configs") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        await using var secondApp = parsed.Value("second-encoder") is { } model
            ? KnowledgeHubApp.CreateTool([
                .. parsed.Configuration,
                $"--KnowledgeHub:Encoder:Model={model}",
                .. parsed.Value("second-encoder-precision") is { } precision ? [$"--KnowledgeHub:Encoder:Precision={precision}"] : Array.Empty<string>()],
                holdDataFolder: false)
            : null;
        var encoder = app.Services.GetRequiredService<ITextEncoder>();
        var chunker = app.Services.GetRequiredService<TextChunker>();
        var options = new EvaluationOptions
        {
            Recipes = recipes,
            Cache = parsed.Has("no-cache") ? null : new VectorCache(Path.Combine(app.Services.GetRequiredService<DataPaths>().Root, "eval-cache")),
            SecondEncoder = secondApp?.Services.GetRequiredService<ITextEncoder>(),
            SentenceCandidates = parsed.Value("sentence-candidates") is { } depth ? PositiveInt(depth, "sentence-candidates") : 0,
            TitleContext = parsed.Has("title-context"),
        };
        var progress = new Progress<(string Stage, int Done, int Total)>(p =>
        {
            if (p.Done == p.Total || p.Done % 512 == 0)
            {
                Console.Error.WriteLine($"{p.Stage}: {p.Done}/{p.Total}");
            }
        });

        var report = await new EvaluationRunner(encoder).RunAsync(
            dataset,
            text => chunker.Chunk(new ParsedDocument([new ParsedBlock(text)])).Select(c => c.Text).ToList(),
            modes,
            progress,
            options);
        return Print(report, parsed);
    }

    private static int PositiveInt(string value, string option) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"--{option} needs a positive whole number, not '{value}'.");

    private static int Print(EvaluationReport report, CommandArgs parsed)
    {
        if (parsed.Has("json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(report, ReportJson));
            return 0;
        }

        var width = Math.Max(8, report.Configurations.Max(c => c.Name.Length));
        var chunks = report.Chunks > 0 ? $"{report.Chunks} chunks, " : string.Empty;
        Console.WriteLine($"# {report.Dataset}: {report.Documents} documents, {chunks}{report.Queries} queries, encoder {report.ModelId}");
        Console.WriteLine($"{"config".PadRight(width)} {"nDCG@10",8} {"Recall@100",10} {"MRR@10",8}");
        foreach (var row in report.Configurations)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Name.PadRight(width)} {row.NdcgAt10,8:F4} {row.RecallAt100,10:F4} {row.MrrAt10,8:F4}"));
        }

        if (parsed.Has("per-query"))
        {
            foreach (var row in report.Configurations)
            {
                foreach (var q in row.PerQuery)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Name}\t{q.QueryId}\t{q.NdcgAt10:F4}\t{q.RecallAt100:F4}\t{q.MrrAt10:F4}"));
                }
            }
        }

        return 0;
    }

    private static List<SearchMode> ParseModes(string? value) =>
        value is null
            ? [.. EvaluationRunner.AllModes]
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToLowerInvariant() switch
            {
                "bm25" or "keyword" => SearchMode.Keyword,
                "dense" => SearchMode.Dense,
                "hybrid" => SearchMode.Hybrid,
                _ => throw new ArgumentException($"Unknown mode '{m}'; use bm25, dense, hybrid."),
            }).ToList();
}
