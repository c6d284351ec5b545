using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.Retrieval.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>
/// Re-scores the best fused candidates by their best single sentence (max-sim of the query against each sentence's
/// vector), fused with the original scores by weighted z-scores: the product form of eval's
/// <c>rescore&lt;K&gt;:dense-sent*w:&lt;recipe&gt;</c> rows. Sentence vectors are cached per chunk id (<see cref="ChunkVectorCache{T}"/>).
/// A question in a language the encoder does not declare keeps the fused order.
/// </summary>
public sealed class SentenceRescorer(ITextEncoder encoder, IOptions<RescoringOptions> options) : IRescorer
{
    private readonly RescoringOptions settings = options.Value;
    private readonly ChunkVectorCache<float[][]> sentences = new(options.Value.CacheChunks);

    public int Depth => settings.EffectiveDepth;

    public async Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queryVector);
        ArgumentNullException.ThrowIfNull(candidates);
        var head = candidates.Take(Depth).DistinctBy(h => h.Chunk.Id).ToList();
        if (head.Count < 2 || !LanguageCoverage.Covers(encoder.Languages, query))
        {
            return candidates;
        }

        var vectors = await sentences.GetOrAddAsync(head, missing => EmbedSentencesAsync(missing, cancellationToken));
        var best = head
            .Select(h => new ScoredId(h.Chunk.Id, SentenceScores.TopMean(queryVector, vectors[h.Chunk.Id]) ?? double.NegativeInfinity))
            .Where(s => double.IsFinite(s.Score));
        return RescoredList.Merge(candidates, head, best, settings.EffectiveWeight);
    }

    /// <summary>The sentence vectors of each chunk, all chunks' sentences in one encoder call.</summary>
    private async Task<IReadOnlyList<float[][]>> EmbedSentencesAsync(List<SearchHit> missing, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        var owners = new List<int>();
        for (var i = 0; i < missing.Count; i++)
        {
            var text = missing[i].Chunk.Text;
            foreach (var sentence in SentenceSplitter.Split(text))
            {
                texts.Add(sentence.Of(text));
                owners.Add(i);
            }
        }

        var vectors = texts.Count == 0 ? [] : await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage, cancellationToken);
        return [.. Enumerable.Range(0, missing.Count).Select(i => Enumerable.Range(0, owners.Count).Where(k => owners[k] == i).Select(k => vectors[k]).ToArray())];
    }
}
