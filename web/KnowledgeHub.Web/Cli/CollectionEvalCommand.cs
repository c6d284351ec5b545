using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Evaluation;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Cli;

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
            documents.Count);
    }
}
