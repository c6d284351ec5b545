namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// Vectors by the hash of the embedded text and the encoder model, so identical text is embedded once (a new version
/// that changes one paragraph re-embeds only that paragraph). Kept in the document store's database.
/// </summary>
public interface IEmbeddingCache
{
    /// <summary>Cached embeddings by text hash, for one encoder model; hashes not cached are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, float[]>> GetCachedEmbeddingsAsync(string modelId, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken = default);

    /// <summary>Adds embeddings to the cache; an entry already present is kept.</summary>
    Task PutCachedEmbeddingsAsync(string modelId, IReadOnlyList<KeyValuePair<string, float[]>> entries, CancellationToken cancellationToken = default);
}
