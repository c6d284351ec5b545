using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.Retrieval.Rescoring;
using KnowledgeHub.Retrieval.Text;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>
/// Measures retrieval on a test collection the way BEIR does: index the corpus (in memory), run every
/// evaluated query, score documents by their best chunk, and report nDCG@10, Recall@100 and MRR@10 for each
/// configuration (<see cref="RetrievalRecipe"/>).
/// </summary>
public sealed class EvaluationRunner(ITextEncoder encoder, ILogger<EmbeddedIndex>? indexLogger = null)
{
    public const int BatchSize = 64;
    public const int Top = 100;
    public const int CandidateDepth = 1000;

    // Upserts are grouped so a corpus commits a handful of times, not once per embedding batch.
    private const int UpsertBatch = 4096;

    public static readonly IReadOnlyList<SearchMode> AllModes = [SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid];

    /// <param name="chunker">Splits a document's text into chunks; null indexes each document as one chunk.</param>
    /// <param name="modes">Standard rows to run; null runs all three. Keyword alone (and no dense recipe) skips embedding.</param>
    /// <param name="progress">Reports (stage, done, total) while embedding, indexing and searching.</param>
    /// <param name="options">Extra recipes, the vector cache and a second encoder.</param>
    public async Task<EvaluationReport> RunAsync(
        BeirDataset dataset,
        Func<string, IReadOnlyList<string>>? chunker = null,
        IReadOnlyList<SearchMode>? modes = null,
        IProgress<(string Stage, int Done, int Total)>? progress = null,
        EvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new EvaluationOptions();
        chunker ??= text => [text];
        var recipes = (modes ?? AllModes).Select(m => (Mode: m, Recipe: RetrievalRecipe.Parse(SpecOf(m), NameOf(m))))
            .Concat(options.Recipes.Select(spec => RetrievalRecipe.Parse(spec)).Select(r => (Mode: ModeOf(r), Recipe: r)))
            .ToList();
        var signals = recipes.SelectMany(r => r.Recipe.Members.Select(m => m.Signal)).Distinct(StringComparer.Ordinal).ToList();
        var unknown = signals.Where(s => !EvaluationSignals.Known.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown signal(s) {string.Join(", ", unknown)}; known: {string.Join(", ", EvaluationSignals.Known)}.");
        }

        var needsVectors = signals.Any(s => (s.StartsWith("dense", StringComparison.Ordinal) && !s.StartsWith("dense2", StringComparison.Ordinal)) || s.StartsWith("hybrid-index", StringComparison.Ordinal));
        var second = signals.Any(s => s.StartsWith("dense2", StringComparison.Ordinal) || s == "hybrid-index-rescored")
            ? options.SecondEncoder ?? throw new ArgumentException("Signals 'dense2*' and 'hybrid-index-rescored' need a second encoder.")
            : null;

        // The re-scoring row embeds only the candidates it re-scores, as the product does; dense2 rows need the whole corpus.
        var secondCorpus = signals.Any(s => s.StartsWith("dense2", StringComparison.Ordinal)) ? second : null;

        var pieces = dataset.Corpus
            .SelectMany(doc => chunker(doc.FullText).Select((text, ordinal) => (Doc: doc, Ordinal: ordinal, Text: text)))
            .ToList();
        var texts = pieces.Select(p => options.TitleContext && p.Ordinal > 0 && p.Doc.Title.Length > 0 ? p.Doc.Title + "\n" + p.Text : p.Text).ToList();
        var queries = dataset.Queries.Select(q => q.Text).ToList();

        var chunkVectors = needsVectors
            ? await EmbedAsync(encoder, texts, EmbeddingPurpose.Passage, "embed corpus", options.Cache, progress, cancellationToken)
            : null;
        using var index = await BuildIndexAsync(encoder, chunkVectors, pieces, texts, options.Cache, progress, cancellationToken);
        using var secondIndex = secondCorpus is null ? null : await BuildIndexAsync(secondCorpus, null, pieces, texts, options.Cache, progress, cancellationToken);
        var queryVectors = new EvaluationSignals.QueryVectors(
            needsVectors ? await EmbedAsync(encoder, queries, EmbeddingPurpose.Query, "embed queries", options.Cache, progress, cancellationToken) : null,
            secondCorpus is null ? null : await EmbedAsync(secondCorpus, queries, EmbeddingPurpose.Query, "embed queries (second encoder)", options.Cache, progress, cancellationToken));
        SentenceVectors? sentences = null;
        if (signals.Any(EvaluationSignals.NeedsSentences))
        {
            var candidates = options.SentenceCandidates > 0
                ? await HybridCandidatesAsync(new EvaluationCorpus(dataset, pieces, index, secondIndex), queryVectors, options.SentenceCandidates, cancellationToken)
                : null;
            sentences = await EmbedSentencesAsync(pieces, candidates, options.Cache, progress, cancellationToken);
        }


        using var source = new EvaluationSignals(new EvaluationCorpus(dataset, pieces, index, secondIndex) { ChunkVectors = chunkVectors, Sentences = sentences, SecondEncoder = second }, queryVectors);
        // Query by query, so only one query's candidate lists are held at a time (all of them: gigabytes on SciFact).
        var perQuery = recipes.Select(_ => new List<QueryMetrics>(dataset.Queries.Count)).ToList();
        for (var q = 0; q < dataset.Queries.Count; q++)
        {
            for (var r = 0; r < recipes.Count; r++)
            {
                perQuery[r].Add(await MeasureAsync(source, dataset, q, recipes[r].Recipe, cancellationToken));
            }

            source.Forget(q);
            progress?.Report(("search", q + 1, dataset.Queries.Count));
        }

        var rows = recipes.Select((r, i) =>
        {
            progress?.Report(("search " + r.Recipe.Name, dataset.Queries.Count, dataset.Queries.Count));
            return new ConfigurationMetrics(
                r.Recipe.Name, r.Mode, Mean(perQuery[i], m => m.NdcgAt10), Mean(perQuery[i], m => m.RecallAt100), Mean(perQuery[i], m => m.MrrAt10), perQuery[i]);
        }).ToList();

        var modelId = second is null ? encoder.ModelId : $"{encoder.ModelId} + {second.ModelId}";
        return new EvaluationReport(dataset.Name, modelId, dataset.Corpus.Count, pieces.Count, dataset.Queries.Count, rows);
    }

    public static string NameOf(SearchMode mode) => mode switch
    {
        SearchMode.Keyword => "bm25",
        SearchMode.Dense => "dense",
        _ => "hybrid",
    };

    /// <summary>The recipe behind each standard row.</summary>
    public static string SpecOf(SearchMode mode) => mode switch
    {
        SearchMode.Keyword => "bm25",
        SearchMode.Dense => "dense",
        _ => RetrievalRecipe.DefaultHybrid,
    };

    private static SearchMode ModeOf(RetrievalRecipe recipe) =>
        recipe.IsFusion ? SearchMode.Hybrid
        : recipe.Members[0].Signal.StartsWith("bm25", StringComparison.Ordinal) ? SearchMode.Keyword
        : SearchMode.Dense;

    /// <summary>The documents in any query's top <paramref name="depth"/> of the default hybrid row.</summary>
    private static async Task<HashSet<string>> HybridCandidatesAsync(
        EvaluationCorpus corpus, EvaluationSignals.QueryVectors queryVectors, int depth, CancellationToken cancellationToken)
    {
        var hybrid = RetrievalRecipe.Parse(RetrievalRecipe.DefaultHybrid);
        var documents = new HashSet<string>(StringComparer.Ordinal);
        using var source = new EvaluationSignals(corpus, queryVectors);
        for (var q = 0; q < corpus.Dataset.Queries.Count; q++)
        {
            var inputs = new List<IReadOnlyList<ScoredId>>();
            foreach (var member in hybrid.Members)
            {
                inputs.Add(await source.GetAsync(q, member.Signal, cancellationToken));
            }

            documents.UnionWith(hybrid.Fuse(inputs, depth));
            source.Forget(q);
        }

        return documents;
    }

    /// <summary>Every sentence of every chunk (of the candidate documents, when given), embedded as a passage once; cached like the chunks.</summary>
    private async Task<SentenceVectors> EmbedSentencesAsync(
        List<(BeirDocument Doc, int Ordinal, string Text)> pieces,
        HashSet<string>? candidates,
        VectorCache? cache,
        IProgress<(string Stage, int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        var owners = new List<int>();
        var texts = new List<string>();
        for (var p = 0; p < pieces.Count; p++)
        {
            if (candidates is not null && !candidates.Contains(pieces[p].Doc.Id))
            {
                continue;
            }

            foreach (var sentence in SentenceSplitter.Split(pieces[p].Text))
            {
                owners.Add(p);
                texts.Add(sentence.Of(pieces[p].Text));
            }
        }

        // Shortest first, so each encoder batch pads to a similar length (sentences vary far more than chunks).
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ThenBy(i => i).ToArray();
        var sorted = await EmbedAsync(encoder, [.. order.Select(i => texts[i])], EmbeddingPurpose.Passage, "embed sentences", cache, progress, cancellationToken);
        var vectors = new float[texts.Count][];
        for (var i = 0; i < order.Length; i++)
        {
            vectors[order[i]] = sorted[i];
        }

        return new SentenceVectors([.. owners], vectors);
    }

    private async Task<EmbeddedIndex> BuildIndexAsync(
        ITextEncoder withEncoder,
        float[][]? vectors,
        List<(BeirDocument Doc, int Ordinal, string Text)> pieces,
        List<string> texts,
        VectorCache? cache,
        IProgress<(string Stage, int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        // Keyword-only runs index zero vectors: the encoder is not needed to measure BM25. A second encoder embeds here.
        var zero = new float[withEncoder.Dimensions];
        vectors ??= withEncoder == encoder
            ? texts.Select(_ => zero).ToArray()
            : await EmbedAsync(withEncoder, texts, EmbeddingPurpose.Passage, "embed corpus", cache, progress, cancellationToken);
        var index = EmbeddedIndex.Open(null, withEncoder.ModelId, withEncoder.Dimensions, indexLogger);
        try
        {
            for (var start = 0; start < pieces.Count; start += UpsertBatch)
            {
                var batch = pieces.Skip(start).Take(UpsertBatch)
                    .Select((p, i) => EvaluationSignals.Chunk(p.Doc, p.Ordinal, p.Text, null, vectors[start + i]))
                    .ToList();
                await index.UpsertAsync(batch, cancellationToken);
                progress?.Report(("index corpus", Math.Min(start + UpsertBatch, pieces.Count), pieces.Count));
            }

            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    private static async Task<float[][]> EmbedAsync(
        ITextEncoder withEncoder,
        List<string> texts,
        EmbeddingPurpose purpose,
        string stage,
        VectorCache? cache,
        IProgress<(string Stage, int Done, int Total)>? progress,
        CancellationToken cancellationToken)
    {
        async Task<float[][]> Embed(IReadOnlyList<string> all)
        {
            var vectors = new List<float[]>(all.Count);
            for (var start = 0; start < all.Count; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = all.Skip(start).Take(BatchSize).ToList();
                vectors.AddRange(await withEncoder.EmbedAsync(batch, purpose, cancellationToken));
                progress?.Report((stage, vectors.Count, all.Count));
            }

            return [.. vectors];
        }

        return cache is null
            ? await Embed(texts)
            : await cache.GetOrComputeAsync(withEncoder.ModelId, purpose, texts, withEncoder.Dimensions, Embed);
    }

    private static async Task<QueryMetrics> MeasureAsync(
        EvaluationSignals source, BeirDataset dataset, int q, RetrievalRecipe recipe, CancellationToken cancellationToken)
    {
        var inputs = new List<IReadOnlyList<ScoredId>>();
        foreach (var member in recipe.Members)
        {
            inputs.Add(await source.GetAsync(q, member.Signal, cancellationToken));
        }

        // The evaluation ranks documents, so fusion merges document rankings. Fusing chunk lists first loses
        // the documents whose best keyword chunk and best dense chunk differ (SciFact: 0.7095 vs 0.72).
        var ranked = recipe.Fuse(inputs, Top);
        var query = dataset.Queries[q];
        var judged = dataset.Qrels[query.Id];
        return new QueryMetrics(
            query.Id,
            RetrievalMetrics.NdcgAt(10, ranked, judged),
            RetrievalMetrics.RecallAt(100, ranked, judged),
            RetrievalMetrics.MrrAt(10, ranked, judged));
    }

    private static double Mean(List<QueryMetrics> values, Func<QueryMetrics, double> metric) =>
        values.Count == 0 ? 0.0 : values.Average(metric);
}
