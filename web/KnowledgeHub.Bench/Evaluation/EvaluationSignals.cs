using System.Numerics.Tensors;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Analysis;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.Retrieval.Rescoring;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>
/// The document rankings a <see cref="RetrievalRecipe"/> combines, computed once per query and signal.
/// Keyword signals: <c>bm25</c> (chunk index), <c>bm25-title</c> (each chunk also carries its document title in the
/// heading field), <c>bm25-doc</c> (one index entry per whole document), <c>bm25-classic</c> (k1 = 1.2, b = 0.75);
/// a <c>-prf</c> suffix re-queries with RM3 expansion from the top 10 chunks. Dense signals: <c>dense</c> (the
/// encoder), <c>dense2</c> (the second encoder, when given); <c>-sum</c> scores a document by the sum of its
/// candidate chunks instead of the best one; <c>-prf</c> adds the mean of the top 3 chunk vectors to the query vector.
/// <c>-hprf</c> (both sides) takes its feedback from the reciprocal rank fusion of bm25 and dense instead: each top
/// document's best chunk. <c>dense-centroid</c> scores a document by its mean chunk vector. <c>hybrid-index</c> is the index's own hybrid search (chunk-level fusion with its default
/// settings), pooled to documents by best chunk; <c>hybrid-index-rescored</c> is that list after the product's
/// <see cref="EncoderRescorer"/> with the second encoder (what /api/search and answers get by default, there with an
/// int8 second encoder: pass <c>--second-encoder-precision int8</c> to match).
/// </summary>
internal sealed class EvaluationSignals(EvaluationCorpus corpus, EvaluationSignals.QueryVectors vectors) : IDisposable
{
    private const string Tenant = "eval";
    private const int FeedbackChunks = 10;
    private const int DenseFeedbackChunks = 3;

    private static readonly RelevanceModel Rm3 = new();

    private readonly Dictionary<string, EmbeddedIndex> keywordIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Query, string Signal), IReadOnlyList<ScoredId>> rankings = [];
    private readonly Dictionary<(int Query, string Source), IReadOnlyList<SearchHit>> hits = [];
    private Dictionary<string, float[]>? centroids;
    private EncoderRescorer? rescorer;

    public static IReadOnlyList<string> Known { get; } =
    [
        "bm25", "bm25-title", "bm25-doc", "bm25-classic", "bm25-prf", "bm25-title-prf", "bm25-doc-prf",
        "bm25-hprf", "bm25-title-hprf", "dense", "dense-sum", "dense-prf", "dense-hprf", "dense2", "dense2-sum", "dense2-prf", "hybrid-index",
        "dense-sent", "dense-sent-prf", "dense-sent2", "dense-sent2-prf", "dense-chunksent", "dense-chunksent-prf",
        "dense-centroid", "dense-centroid-prf", "bm25-bigram", "bm25-bigram-doc", "hybrid-index-rescored",
    ];

    /// <summary>Signals scored from the sentence vectors of every chunk.</summary>
    public static bool NeedsSentences(string signal) => signal.StartsWith("dense-sent", StringComparison.Ordinal) || signal.StartsWith("dense-chunksent", StringComparison.Ordinal);

    public void Dispose()
    {
        foreach (var index in keywordIndexes.Values)
        {
            index.Dispose();
        }
    }

    /// <summary>Drops what was computed for the query.</summary>
    public void Forget(int query)
    {
        foreach (var key in rankings.Keys.Where(k => k.Query == query).ToList())
        {
            rankings.Remove(key);
        }

        foreach (var key in hits.Keys.Where(k => k.Query == query).ToList())
        {
            hits.Remove(key);
        }
    }

    public async Task<IReadOnlyList<ScoredId>> GetAsync(int query, string signal, CancellationToken cancellationToken)
    {
        if (rankings.TryGetValue((query, signal), out var cached))
        {
            return cached;
        }

        var parts = signal.Split('-');
        var prf = parts.Contains("prf") ? Feedback.Own : parts.Contains("hprf") ? Feedback.Hybrid : Feedback.None;
        IReadOnlyList<ScoredId> ranking = parts[0] switch
        {
            "dense" when parts.Length > 1 && parts[1] is "sent" or "sent2" or "chunksent" =>
                await SentenceRankingAsync(query, parts[1], prf == Feedback.Own, cancellationToken),
            "dense" when parts.Length > 1 && parts[1] == "centroid" => await CentroidRankingAsync(query, prf == Feedback.Own, cancellationToken),
            "bm25" => Pool(await KeywordHitsAsync(query, KeywordVariant(parts), prf, cancellationToken), sum: false),
            "dense" or "dense2" => Pool(await DenseHitsAsync(query, parts[0], prf, cancellationToken), sum: parts.Contains("sum")),
            "hybrid" when parts.Contains("rescored") => Pool(await RescoredHybridHitsAsync(query, cancellationToken), sum: false),
            "hybrid" => Pool(await IndexHybridHitsAsync(query, cancellationToken), sum: false),
            _ => throw new ArgumentException($"Unknown signal '{signal}'; known: {string.Join(", ", Known)}."),
        };
        rankings[(query, signal)] = ranking;
        return ranking;
    }

    /// <summary>Documents in the order of their best chunk, scored by it (or by the sum of their chunks).</summary>
    internal static List<ScoredId> Pool(IReadOnlyList<SearchHit> chunkHits, bool sum)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var hit in chunkHits)
        {
            if (scores.TryGetValue(hit.Chunk.DocumentId, out var seen))
            {
                scores[hit.Chunk.DocumentId] = sum ? seen + hit.Score : seen;
            }
            else
            {
                scores[hit.Chunk.DocumentId] = hit.Score;
                order.Add(hit.Chunk.DocumentId);
            }
        }

        var pooled = order.Select(id => new ScoredId(id, scores[id]));
        return sum ? [.. pooled.OrderByDescending(s => s.Score)] : [.. pooled];
    }

    private static string KeywordVariant(string[] parts) =>
        parts.Contains("bigram") ? (parts.Contains("doc") ? "bigramdoc" : "bigram")
        : parts.FirstOrDefault(p => p is "title" or "doc" or "classic") ?? "chunks";

    /// <summary>
    /// The text as its adjacent analysed-term pairs ("vitamin_d deficiency_..."), one token each: indexed and queried
    /// through the same analyzer, BM25 over these scores term proximity (stop words between two terms are skipped).
    /// </summary>
    internal static string Bigrams(string text)
    {
        var terms = TextAnalyzers.Analyze(text);
        return string.Join(' ', terms.Zip(terms.Skip(1), (a, b) => a + "_" + b));
    }

    private enum Feedback
    {
        None,
        Own,
        Hybrid,
    }

    /// <summary>The top documents of the default hybrid ranking, each with its best keyword chunk (else best dense chunk) and fused score.</summary>
    private async Task<List<(SearchHit Chunk, double Score)>> HybridFeedbackAsync(int query, int documents, bool preferDense, CancellationToken cancellationToken)
    {
        var keyword = await KeywordHitsAsync(query, "chunks", Feedback.None, cancellationToken);
        var dense = await DenseHitsAsync(query, "dense", Feedback.None, cancellationToken);
        var fused = new ReciprocalRankFusion().Fuse([Pool(keyword, sum: false), Pool(dense, sum: false)], documents);
        var (first, second) = preferDense ? (dense, keyword) : (keyword, dense);
        return fused
            .Select(f => (Chunk: first.FirstOrDefault(h => h.Chunk.DocumentId == f.Id) ?? second.First(h => h.Chunk.DocumentId == f.Id), f.Score))
            .ToList();
    }

    private async Task<IReadOnlyList<SearchHit>> KeywordHitsAsync(int query, string variant, Feedback prf, CancellationToken cancellationToken)
    {
        var source = "bm25-" + variant + "-" + prf;
        if (hits.TryGetValue((query, source), out var cached))
        {
            return cached;
        }

        var text = corpus.Dataset.Queries[query].Text;
        if (variant.StartsWith("bigram", StringComparison.Ordinal))
        {
            text = Bigrams(text);
        }

        var index = variant == "chunks" ? corpus.Index : KeywordIndex(variant);
        var request = new SearchRequest(text, null, SearchFilter.ForTenant(Tenant), EvaluationRunner.CandidateDepth, SearchMode.Keyword);
        if (prf != Feedback.None)
        {
            var feedback = prf == Feedback.Own
                ? (await KeywordHitsAsync(query, variant, Feedback.None, cancellationToken)).Take(FeedbackChunks).Select(h => (h.Chunk.Text, h.Score)).ToList()
                : (await HybridFeedbackAsync(query, FeedbackChunks, preferDense: false, cancellationToken)).Select(f => (f.Chunk.Chunk.Text, f.Score)).ToList();
            request = request with { KeywordTerms = Rm3.Expand(text, feedback) };
        }

        var found = await index.SearchAsync(request, cancellationToken);
        hits[(query, source)] = found;
        return found;
    }

    private Task<IReadOnlyList<SearchHit>> IndexHybridHitsAsync(int query, CancellationToken cancellationToken) =>
        corpus.Index.SearchAsync(
            new SearchRequest(
                corpus.Dataset.Queries[query].Text,
                vectors.Primary?[query] ?? throw new InvalidOperationException("'hybrid-index' needs query vectors."),
                SearchFilter.ForTenant(Tenant),
                EvaluationRunner.CandidateDepth,
                SearchMode.Hybrid,
                EvaluationRunner.CandidateDepth),
            cancellationToken);

    /// <summary>The index's hybrid chunks re-scored by the product's <see cref="EncoderRescorer"/> with the second encoder (its defaults).</summary>
    private async Task<IReadOnlyList<SearchHit>> RescoredHybridHitsAsync(int query, CancellationToken cancellationToken)
    {
        rescorer ??= new EncoderRescorer(
            corpus.SecondEncoder ?? throw new InvalidOperationException("'hybrid-index-rescored' needs a second encoder."),
            Microsoft.Extensions.Options.Options.Create(new RescoringOptions { Rescorer = RescoringOptions.Encoder, CacheChunks = int.MaxValue }));
        var hits = await IndexHybridHitsAsync(query, cancellationToken);
        return await rescorer.RescoreAsync(corpus.Dataset.Queries[query].Text, vectors.Primary![query], hits, cancellationToken);
    }

    private async Task<IReadOnlyList<SearchHit>> DenseHitsAsync(int query, string encoder, Feedback prf, CancellationToken cancellationToken)
    {
        var source = encoder + "-" + prf;
        if (hits.TryGetValue((query, source), out var cached))
        {
            return cached;
        }

        var (index, queryVectors) = encoder == "dense"
            ? (corpus.Index, vectors.Primary)
            : (corpus.SecondIndex ?? throw new InvalidOperationException("'dense2' needs a second encoder."), vectors.Second!);
        var vector = queryVectors![query];
        if (prf == Feedback.Own)
        {
            var first = await DenseHitsAsync(query, encoder, Feedback.None, cancellationToken);
            vector = DenseFeedback.Rocchio(vector, first.Take(DenseFeedbackChunks).Select(h => h.Chunk.Vector).ToList());
        }
        else if (prf == Feedback.Hybrid)
        {
            // The feedback chunks' vectors must come from this encoder's index: look them up by chunk id.
            var own = await DenseHitsAsync(query, encoder, Feedback.None, cancellationToken);
            var feedback = await HybridFeedbackAsync(query, DenseFeedbackChunks, preferDense: true, cancellationToken);
            vector = DenseFeedback.Rocchio(vector, feedback.Select(f => own.FirstOrDefault(h => h.Chunk.Id == f.Chunk.Chunk.Id)?.Chunk.Vector).OfType<float[]>().ToList());
        }

        var found = await index.SearchAsync(
            new SearchRequest(corpus.Dataset.Queries[query].Text, vector, SearchFilter.ForTenant(Tenant), EvaluationRunner.CandidateDepth, SearchMode.Dense),
            cancellationToken);
        hits[(query, source)] = found;
        return found;
    }

    /// <summary>
    /// Documents scored from their sentences: <c>sent</c> by the best sentence cosine, <c>sent2</c> by the mean of
    /// their two best, <c>chunksent</c> by the best chunk's cosine plus that chunk's best sentence cosine.
    /// </summary>
    private async Task<IReadOnlyList<ScoredId>> SentenceRankingAsync(int query, string kind, bool prf, CancellationToken cancellationToken)
    {
        var sentences = corpus.Sentences ?? throw new InvalidOperationException("Sentence signals need sentence vectors.");
        var vector = vectors.Primary?[query] ?? throw new InvalidOperationException("Sentence signals need query vectors.");
        if (prf)
        {
            var first = await DenseHitsAsync(query, "dense", Feedback.None, cancellationToken);
            vector = DenseFeedback.Rocchio(vector, first.Take(DenseFeedbackChunks).Select(h => h.Chunk.Vector).ToList());
        }

        var pieces = corpus.Pieces;
        var documents = new Dictionary<string, double>(StringComparer.Ordinal);
        if (kind == "sent2")
        {
            // The document's two best sentences, whichever chunks they are in.
            var docIds = pieces.Select(p => p.Doc.Id).Distinct(StringComparer.Ordinal).ToList();
            var docIndex = docIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
            var perDocument = SentenceScores.TopMeanPerGroup(vector, sentences.Vectors, sentences.Owners.Select(o => docIndex[pieces[o].Doc.Id]).ToArray(), docIds.Count, 2);
            for (var d = 0; d < docIds.Count; d++)
            {
                if (perDocument[d] is { } score)
                {
                    documents[docIds[d]] = score;
                }
            }
        }
        else
        {
            var perChunk = SentenceScores.TopMeanPerGroup(vector, sentences.Vectors, sentences.Owners, pieces.Count);
            for (var p = 0; p < pieces.Count; p++)
            {
                if (perChunk[p] is not { } best)
                {
                    continue;
                }

                var score = kind == "chunksent" ? best + TensorPrimitives.Dot(vector, corpus.ChunkVectors![p]) : best;
                var id = pieces[p].Doc.Id;
                documents[id] = documents.TryGetValue(id, out var seen) ? Math.Max(seen, score) : score;
            }
        }

        return [.. documents.Select(d => new ScoredId(d.Key, d.Value)).OrderByDescending(d => d.Score).ThenBy(d => d.Id, StringComparer.Ordinal).Take(EvaluationRunner.CandidateDepth)];
    }

    /// <summary>Documents by the cosine between the query and the normalised mean of their chunk vectors (the whole document's direction).</summary>
    private async Task<IReadOnlyList<ScoredId>> CentroidRankingAsync(int query, bool prf, CancellationToken cancellationToken)
    {
        var vector = vectors.Primary?[query] ?? throw new InvalidOperationException("'dense-centroid' needs query vectors.");
        if (prf)
        {
            var first = await DenseHitsAsync(query, "dense", Feedback.None, cancellationToken);
            vector = DenseFeedback.Rocchio(vector, first.Take(DenseFeedbackChunks).Select(h => h.Chunk.Vector).ToList());
        }

        centroids ??= Centroids();
        return [.. centroids.Select(c => new ScoredId(c.Key, TensorPrimitives.Dot(vector, c.Value)))
            .OrderByDescending(d => d.Score).ThenBy(d => d.Id, StringComparer.Ordinal).Take(EvaluationRunner.CandidateDepth)];
    }

    private Dictionary<string, float[]> Centroids()
    {
        var chunkVectors = corpus.ChunkVectors ?? throw new InvalidOperationException("'dense-centroid' needs chunk vectors.");
        var sums = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var p = 0; p < corpus.Pieces.Count; p++)
        {
            var id = corpus.Pieces[p].Doc.Id;
            if (!sums.TryGetValue(id, out var sum))
            {
                sums[id] = sum = new float[chunkVectors[p].Length];
            }

            TensorPrimitives.Add(sum, chunkVectors[p], sum);
        }

        foreach (var sum in sums.Values)
        {
            var norm = TensorPrimitives.Norm(sum);
            if (norm > 0)
            {
                TensorPrimitives.Divide(sum, norm, sum);
            }
        }

        return sums;
    }

    // Keyword-only variants are built on first use; they hold no real vectors (one zero dimension).
    private EmbeddedIndex KeywordIndex(string variant)
    {
        if (keywordIndexes.TryGetValue(variant, out var index))
        {
            return index;
        }

        index = EmbeddedIndex.Open(null, "keyword-only", 1, bm25: variant == "classic" ? new Bm25Parameters(1.2f, 0.75f) : null);
        var zero = new float[1];
        var chunks = variant == "bigramdoc" ? corpus.Dataset.Corpus.Select(d => Chunk(d, 0, Bigrams(d.FullText), null, zero))
            : variant == "bigram" ? corpus.Pieces.Select(p => Chunk(p.Doc, p.Ordinal, Bigrams(p.Text), null, zero))
            : variant == "doc"
            ? corpus.Dataset.Corpus.Select(d => Chunk(d, 0, d.FullText, null, zero))
            : corpus.Pieces.Select(p => Chunk(p.Doc, p.Ordinal, p.Text, variant == "title" && p.Doc.Title.Length > 0 ? p.Doc.Title : null, zero));
        index.UpsertAsync(chunks.ToList()).GetAwaiter().GetResult();
        keywordIndexes[variant] = index;
        return index;
    }

    internal static IndexedChunk Chunk(BeirDocument doc, int ordinal, string text, string? heading, float[] vector) =>
        new(ChunkId.For(doc.Id, 1, ordinal), Tenant, "eval", doc.Id, 1, doc.Id, null, ordinal, text, heading, vector);

    internal sealed record QueryVectors(float[][]? Primary, float[][]? Second);
}

/// <summary>The chunked corpus and its indexes (the second only when a second encoder is evaluated).</summary>
internal sealed record EvaluationCorpus(BeirDataset Dataset, IReadOnlyList<(BeirDocument Doc, int Ordinal, string Text)> Pieces, EmbeddedIndex Index, EmbeddedIndex? SecondIndex)
{
    public float[][]? ChunkVectors { get; init; }

    public SentenceVectors? Sentences { get; init; }

    /// <summary>The second encoder itself (for re-scoring at query time), when one is evaluated.</summary>
    public ITextEncoder? SecondEncoder { get; init; }
}

/// <summary>Sentence vectors of the corpus and, for each, the index of the chunk (piece) it came from.</summary>
internal sealed record SentenceVectors(int[] Owners, float[][] Vectors);
