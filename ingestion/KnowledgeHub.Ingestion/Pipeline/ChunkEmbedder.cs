using System.Security.Cryptography;
using System.Text;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// Embeds chunks in batches through the encoder, and embeds identical text only once: vectors are cached in the
/// document store by the hash of the embedded text and the encoder model (a new version that changes one paragraph
/// re-embeds only that paragraph's chunks). The encoder calls are shared with the other documents being ingested
/// (<see cref="EmbeddingBatcher"/>).
/// </summary>
public sealed class ChunkEmbedder(ITextEncoder encoder, EmbeddingBatcher batcher, IEmbeddingCache cache, IOptions<IngestionOptions> options)
{
    /// <param name="progress">Called with (done, total) after the cache lookup and after each encoder batch.</param>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<StoredChunk> chunks, Func<int, int, Task> progress, CancellationToken cancellationToken)
    {
        var texts = chunks.Select(EmbeddingText).ToList();
        var hashes = texts.Select(TextHash).ToList();
        var cached = await cache.GetCachedEmbeddingsAsync(encoder.ModelId, hashes, cancellationToken);

        var vectors = new float[chunks.Count][];
        var missing = new List<int>();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (cached.TryGetValue(hashes[i], out var vector))
            {
                vectors[i] = vector;
            }
            else
            {
                missing.Add(i);
            }
        }

        var done = chunks.Count - missing.Count;
        await progress(done, chunks.Count);
        var batchSize = options.Value.EmbedBatchSize;
        for (var offset = 0; offset < missing.Count; offset += batchSize)
        {
            var batch = missing.GetRange(offset, Math.Min(batchSize, missing.Count - offset));
            var embedded = await batcher.EmbedAsync(batch.ConvertAll(i => texts[i]), cancellationToken);
            var entries = new List<KeyValuePair<string, float[]>>(batch.Count);
            for (var j = 0; j < batch.Count; j++)
            {
                vectors[batch[j]] = embedded[j];
                entries.Add(new(hashes[batch[j]], embedded[j]));
            }

            await cache.PutCachedEmbeddingsAsync(encoder.ModelId, entries, cancellationToken);
            done += batch.Count;
            await progress(done, chunks.Count);
        }

        return vectors;
    }

    private static string EmbeddingText(StoredChunk chunk) => PassageText.ForEmbedding(chunk.HeadingPath, chunk.Text);

    private static string TextHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
