using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>
/// Scores retrieval on a user's own collection: each question is searched as the product searches (the live index,
/// the tenant and collection filter), chunk hits are folded into a document ranking (first hit decides a document's
/// rank), and the ranking is judged against the expected documents with the same metrics as the BEIR evaluation.
/// </summary>
public sealed class CollectionEvaluator(HybridRetriever retriever)
{
    /// <summary>Chunks fetched per question: enough to rank 100 documents for Recall@100 in most collections.</summary>
    public const int ChunkDepth = 300;

    /// <param name="resolve">Maps an expected entry (file name or document id) to document ids; empty when unknown.</param>
    /// <param name="fusions">Extra hybrid rows, one per fusion setting (see <see cref="TuningGrid"/>), after the rows of <paramref name="modes"/>.</param>
    public async Task<EvaluationReport> RunAsync(
        string name,
        IReadOnlyList<EvaluationQuestion> questions,
        SearchFilter filter,
        Func<string, IReadOnlyCollection<string>> resolve,
        IReadOnlyList<SearchMode> modes,
        string modelId,
        int documents,
        IReadOnlyList<FusionSettings>? fusions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(resolve);
        var judgments = questions.Select(q => Judge(q, resolve)).ToList();

        // Each question is embedded once for every row (not at all when only keyword rows are asked for).
        var vectors = new float[]?[questions.Count];
        if (modes.Any(m => m != SearchMode.Keyword) || fusions is { Count: > 0 })
        {
            for (var i = 0; i < questions.Count; i++)
            {
                vectors[i] = await retriever.EmbedQueryAsync(questions[i].Question, cancellationToken);
            }
        }

        var configurations = modes.Select(m => (Name: EvaluationRunner.NameOf(m), Mode: m, Fusion: (FusionSettings?)null, Configured: true))
            .Concat((fusions ?? []).Select(f => (Name: "hybrid " + f, Mode: SearchMode.Hybrid, Fusion: (FusionSettings?)f, Configured: false)));
        var rows = new List<ConfigurationMetrics>();
        foreach (var (rowName, mode, fusion, configured) in configurations)
        {
            var perQuery = new List<QueryMetrics>();
            for (var i = 0; i < questions.Count; i++)
            {
                var hits = configured
                    ? await retriever.SearchAsync(questions[i].Question, filter, ChunkDepth, mode, vectors[i], cancellationToken)
                    : await retriever.SearchAsync(questions[i].Question, filter, ChunkDepth, mode, vectors[i], fusion, cancellationToken);
                var ranked = hits.Select(h => h.Chunk.DocumentId).Distinct(StringComparer.Ordinal).ToList();
                perQuery.Add(new QueryMetrics(
                    questions[i].Id,
                    RetrievalMetrics.NdcgAt(10, ranked, judgments[i]),
                    RetrievalMetrics.RecallAt(100, ranked, judgments[i]),
                    RetrievalMetrics.MrrAt(10, ranked, judgments[i])));
            }

            rows.Add(new ConfigurationMetrics(
                rowName, mode, perQuery.Average(q => q.NdcgAt10), perQuery.Average(q => q.RecallAt100), perQuery.Average(q => q.MrrAt10), perQuery));
        }

        return new EvaluationReport(name, modelId, documents, 0, questions.Count, rows);
    }

    /// <summary>
    /// The fusion settings `eval --questions --tune` compares: z-score fusion with the keyword side weighted from half
    /// to three times the dense side, and reciprocal rank fusion, each with and without dense feedback. The grid spans
    /// what the benchmarks found best: equal z-score weights with feedback (SciFact, Cranfield) and keyword weight 2.5
    /// without feedback (COVID-QA).
    /// </summary>
    public static IReadOnlyList<FusionSettings> TuningGrid { get; } =
    [
        .. new[] { 0.5, 1, 1.5, 2, 2.5, 3 }.SelectMany(w => new[] { 3, 0 }.Select(f => new FusionSettings { KeywordWeight = w, DenseFeedbackChunks = f })),
        new FusionSettings { Method = "rrf", DenseFeedbackChunks = 3 },
        new FusionSettings { Method = "rrf", DenseFeedbackChunks = 0 },
    ];

    private static Dictionary<string, int> Judge(EvaluationQuestion question, Func<string, IReadOnlyCollection<string>> resolve)
    {
        var judgments = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var expected in question.Expected)
        {
            var ids = resolve(expected);
            if (ids.Count == 0)
            {
                throw new ArgumentException(
                    $"Question '{question.Id}' expects '{expected}', which is neither a file name nor a document id in the collection.");
            }

            foreach (var id in ids)
            {
                judgments[id] = 1;
            }
        }

        return judgments;
    }
}
