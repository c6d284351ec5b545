using System.Globalization;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `eval --questions file.jsonl`: retrieval quality on the user's own ingested collection, judged against the expected
/// documents of each question (see <see cref="QuestionSet"/>); the same metrics and output as the data-set evaluation.
/// </summary>
internal static class CollectionEvalCommand
{
    public static async Task<EvaluationReport> RunAsync(CommandArgs parsed, IReadOnlyList<SearchMode> modes)
    {
        var questions = QuestionSet.Load(parsed.Value("questions")!);
        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var tenant = parsed.Value("tenant") ?? app.Services.Settings<KnowledgeHubOptions>().DefaultTenant;
        var collection = parsed.Value("collection");
        var documents = await app.Services.GetRequiredService<IDocumentStore>().ListAsync(tenant, collection);
        if (documents.Count == 0)
        {
            throw new ArgumentException(
                $"Tenant '{tenant}'{(collection is null ? string.Empty : $", collection '{collection}'")} has no documents; ingest the collection first.");
        }

        var byName = documents.ToLookup(d => d.FileName, d => d.Id, StringComparer.OrdinalIgnoreCase);
        var ids = documents.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        IReadOnlyCollection<string> Resolve(string expected) =>
            ids.Contains(expected) ? [expected] : byName[expected].ToList();

        var encoder = app.Services.GetRequiredService<ITextEncoder>();
        var evaluator = new CollectionEvaluator(app.Services.GetRequiredService<HybridRetriever>());
        return await evaluator.RunAsync(
            Path.GetFileName(parsed.Value("questions")!),
            questions,
            new SearchFilter(tenant, collection),
            Resolve,
            modes,
            encoder.ModelId,
            documents.Count,
            parsed.Has("tune") ? CollectionEvaluator.TuningGrid : null);
    }

    /// <summary>
    /// After `--tune`: the best fusion row by nDCG@10 (ties to the earlier row) and the configuration that selects it for
    /// this collection, or a note that the configured fusion is already as good.
    /// </summary>
    public static void PrintAdvice(EvaluationReport report, CommandArgs parsed, TextWriter output)
    {
        var configured = report.Configurations.FirstOrDefault(c => c.Name == EvaluationRunner.NameOf(SearchMode.Hybrid));
        var best = report.Configurations.Where(c => c.Name.StartsWith("hybrid ", StringComparison.Ordinal)).MaxBy(c => c.NdcgAt10);
        if (best is null)
        {
            return;
        }

        var settings = CollectionEvaluator.TuningGrid.First(f => "hybrid " + f == best.Name);
        if (configured is not null && configured.NdcgAt10 >= best.NdcgAt10)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# The configured fusion ({configured.NdcgAt10:F4}) is as good as the best tuned row ({best.NdcgAt10:F4}); nothing to change."));
            return;
        }

        var key = parsed.Value("collection") is { } collection ? $"{FusionOptions.Section}:Collections:{collection}" : FusionOptions.Section;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# Best fusion: {settings} (nDCG@10 {best.NdcgAt10:F4}{(configured is null ? string.Empty : $" against {configured.NdcgAt10:F4} configured")}). To use it:"));
        output.WriteLine($"{key}:Method={settings.Method}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}:KeywordWeight={settings.KeywordWeight}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}:DenseWeight={settings.DenseWeight}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}:DenseFeedbackChunks={settings.DenseFeedbackChunks}"));
    }
}
