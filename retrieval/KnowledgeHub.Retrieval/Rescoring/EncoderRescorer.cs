using System.Numerics.Tensors;
using KnowledgeHub.Retrieval.Fusion;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>
/// Re-scores the best fused candidates by their cosine with the query under a second encoder, fused with the original
/// scores by weighted z-scores: the product form of eval's <c>rescore10:dense2*0.5:&lt;recipe&gt;</c> rows, the one
/// re-scoring that gained on both SciFact and Cranfield. The index keeps one encoder's vectors, so the second model
/// embeds candidates when they are first re-scored; vectors are cached per chunk id (<see cref="ChunkVectorCache{T}"/>). Both encoders shipped
/// here are English models (Chinese comes out as single characters, mostly unknown), so a question with Chinese in it
/// keeps the fused order, where BM25's word segmentation already did the work, unless the second encoder declares
/// Chinese (<see cref="ITextEncoder.Languages"/>).
/// </summary>
public sealed class EncoderRescorer(ITextEncoder secondEncoder, IOptions<RescoringOptions> options) : IRescorer
{
    private readonly RescoringOptions settings = options.Value;
    private readonly ChunkVectorCache<float[]> vectors = new(options.Value.CacheChunks);

    public int Depth => settings.EffectiveDepth;

    /// <summary>The second encoder's model id.</summary>
    public string ModelId => secondEncoder.ModelId;

    /// <summary>Where the second encoder runs ("CUDA", "CPU"); null when it does not say.</summary>
    public string? ExecutionProvider => secondEncoder.ExecutionProvider;

    public async Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(candidates);
        var head = candidates.Take(Depth).DistinctBy(h => h.Chunk.Id).ToList();
        if (head.Count < 2 || !LanguageCoverage.Covers(secondEncoder.Languages, query))
        {
            return candidates;
        }

        // The index's query vector belongs to the first encoder; the second embeds the query text itself (with its own prefix).
        var secondQuery = (await secondEncoder.EmbedAsync([query], EmbeddingPurpose.Query, cancellationToken))[0];
        var chunkVectors = await vectors.GetOrAddAsync(
            head,
            async missing => await secondEncoder.EmbedAsync(
                [.. missing.Select(h => PassageText.ForEmbedding(h.Chunk.HeadingPath, h.Chunk.Text))], EmbeddingPurpose.Passage, cancellationToken));
        var second = chunkVectors.Select(p => new ScoredId(p.Key, TensorPrimitives.Dot(secondQuery, p.Value)));
        return RescoredList.Merge(candidates, head, second, settings.EffectiveWeight);
    }

    /// <summary>Embeds one word with the second encoder (loading it on first use): readiness probes call it.</summary>
    /// <returns>Whether it came back as one vector of the second encoder's declared dimensions.</returns>
    public async Task<bool> EmbedsAsync(CancellationToken cancellationToken)
    {
        var probe = await secondEncoder.EmbedAsync(["health"], EmbeddingPurpose.Query, cancellationToken);
        return probe.Length == 1 && probe[0].Length == secondEncoder.Dimensions;
    }
}
