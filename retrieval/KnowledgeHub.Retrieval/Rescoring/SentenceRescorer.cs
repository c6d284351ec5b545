using System.Collections.Concurrent;
using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.Retrieval.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>
/// Re-scores the best fused candidates by their best single sentence (max-sim of the query against each sentence's
/// vector), fused with the original scores by weighted z-scores: the product form of eval's
/// <c>rescore&lt;K&gt;:dense-sent*w:&lt;recipe&gt;</c> rows. Sentence vectors are cached per chunk id (ids change with
/// every version, so a cached entry never goes stale); the cache is dropped whole when it outgrows its bound.
/// </summary>
public sealed class SentenceRescorer(ITextEncoder encoder, IOptions<RescoringOptions> options) : IRescorer
{
    private readonly RescoringOptions settings = options.Value;
    private readonly ConcurrentDictionary<string, float[][]> sentences = new(StringComparer.Ordinal);

    public int Depth => settings.EffectiveDepth;

    public async Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queryVector);
        ArgumentNullException.ThrowIfNull(candidates);
        var head = candidates.Take(Depth).DistinctBy(h => h.Chunk.Id).ToList();
        if (head.Count < 2)
        {
            return candidates;
        }

        await EmbedMissingAsync(head, cancellationToken);
        var best = head
            .Select(h => new ScoredId(h.Chunk.Id, SentenceScores.TopMean(queryVector, sentences.GetValueOrDefault(h.Chunk.Id) ?? []) ?? double.NegativeInfinity))
            .Where(s => double.IsFinite(s.Score));
        return RescoredList.Merge(candidates, head, best, settings.EffectiveWeight);
    }

    private async Task EmbedMissingAsync(List<SearchHit> head, CancellationToken cancellationToken)
    {
        var missing = head.Where(h => !sentences.ContainsKey(h.Chunk.Id)).DistinctBy(h => h.Chunk.Id).ToList();
        if (missing.Count == 0)
        {
            return;
        }

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
        if (sentences.Count + missing.Count > settings.CacheChunks)
        {
            sentences.Clear();
        }

        for (var i = 0; i < missing.Count; i++)
        {
            var mine = Enumerable.Range(0, owners.Count).Where(k => owners[k] == i).Select(k => vectors[k]).ToArray();
            sentences[missing[i].Chunk.Id] = mine;
        }
    }
}
