using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// Client-side BM25 for Qdrant's sparse vectors. A chunk's vector holds, per analysed term, BM25's saturated term
/// frequency tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)); the collection's IDF modifier lets Qdrant multiply in the
/// inverse document frequency it keeps itself, so a query vector of term counts scores a chunk by BM25. Terms come
/// from the same analyzers as the embedded index (English stemming, Chinese segmentation), so both indexes match
/// the same words. Body and heading are two vectors, as the embedded index keeps two fields: heading terms have
/// their own frequencies and lengths and never inflate the body's document frequencies.
/// </summary>
public static class Bm25SparseVectors
{
    /// <summary>k1 and b as the embedded index uses them (Anserini's defaults).</summary>
    public const float K1 = 0.9f;

    public const float B = 0.4f;

    /// <summary>
    /// Qdrant does not keep the average chunk length, so it is fixed here: chunks are at most 256 encoder
    /// tokens (KnowledgeHub:Chunking:MaxTokens), which is about this many analysed terms once stop words go.
    /// </summary>
    public const float AverageLength = 150f;

    /// <summary>The fixed average heading path length in analysed terms (a section title or two).</summary>
    public const float AverageHeadingLength = 6f;

    /// <summary>A heading match counts this much of a body match (the embedded index's heading boost).</summary>
    public const float HeadingWeight = 0.5f;

    /// <summary>The body vector and the heading vector (empty without a heading path), keyed by <paramref name="termId"/>.</summary>
    public static (SparseTerms Body, SparseTerms Heading) ForChunk(IndexedChunk chunk, Func<string, uint?> termId)
    {
        var (body, heading) = WeightsForChunk(chunk);
        return (SparseTerms.From(body, termId), SparseTerms.From(heading, termId));
    }

    /// <summary>The body and heading term weights of a chunk, before terms become ids.</summary>
    public static (Dictionary<string, float> Body, Dictionary<string, float> Heading) WeightsForChunk(IndexedChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var analyzer = CjkText.ContainsIdeographs(chunk.Text) || CjkText.ContainsIdeographs(chunk.HeadingPath)
            ? TextAnalyzers.Chinese
            : TextAnalyzers.English;
        var body = Saturated(TextAnalyzers.Analyze(chunk.Text, analyzer), AverageLength);
        var heading = string.IsNullOrEmpty(chunk.HeadingPath)
            ? new Dictionary<string, float>(StringComparer.Ordinal)
            : Saturated(TextAnalyzers.Analyze(chunk.HeadingPath, analyzer), AverageHeadingLength);
        return (body, heading);
    }

    /// <summary>The query side, keyed by <paramref name="termId"/>.</summary>
    public static SparseTerms ForQuery(SearchRequest request, Func<string, uint?> termId) => SparseTerms.From(WeightsForQuery(request), termId);

    /// <summary>The query's terms: each distinct term weighted by its count, or the caller's weighted terms (query expansion).</summary>
    public static Dictionary<string, float> WeightsForQuery(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.KeywordTerms is { Count: > 0 } weighted)
        {
            return weighted.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        var counts = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in TextAnalyzers.Analyze(request.Text ?? string.Empty))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        return counts;
    }

    private static Dictionary<string, float> Saturated(IReadOnlyList<string> terms, float averageLength)
    {
        var frequencies = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
        }

        var norm = K1 * (1 - B + (B * terms.Count / averageLength));
        return frequencies.ToDictionary(p => p.Key, p => p.Value * (K1 + 1) / (p.Value + norm), StringComparer.Ordinal);
    }
}
