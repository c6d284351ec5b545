namespace KnowledgeHub.Retrieval;

/// <summary>
/// The seam to a vector + keyword index. The embedded implementation does dense and BM25 search
/// in-process; a server implementation (Qdrant: named dense vector + sparse BM25 vector, payload
/// filters, prefetches fused on the server by DBSF, or RRF when asked) does the same remotely. The document store
/// stays the source of truth.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Identifies the encoder whose vectors this index holds; mixing models is refused.</summary>
    string ModelId { get; }

    /// <summary>Inserts or replaces chunks by id. Idempotent.</summary>
    Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk of the document (all versions).</summary>
    Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default);

    /// <summary>Removes the document's chunks whose version is below <paramref name="keepVersion"/>.</summary>
    Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Number of chunks stored for a document (all versions); used by tests and health checks.</summary>
    Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets or clears (null) the planted-instruction flag of the tenant's chunk in place, keeping its text and vector; a
    /// chunk the index does not hold is left alone. Lets an admin's clearing reach the answer path without a reindex.
    /// </summary>
    Task SetSuspiciousAsync(string tenant, string chunkId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the access groups of every chunk of the tenant's document (all versions) in place, keeping text and
    /// vectors, so the next search sees the change without re-embedding; null or empty makes the document readable by
    /// every key of the tenant.
    /// </summary>
    Task SetAccessGroupsAsync(string tenant, string documentId, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default);

    /// <summary>Replaces the metadata of every chunk of the tenant's document in place, like <see cref="SetAccessGroupsAsync"/>; null or empty removes it.</summary>
    Task SetMetadataAsync(string tenant, string documentId, IReadOnlyDictionary<string, Metadata.MetadataValue>? metadata, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes one chunk of the tenant (its text and vector) from the index; a chunk the index does not hold, or one of
    /// another tenant, is left alone. Keeps a chunk a person excluded out of every search, answer and citation; it comes
    /// back with <see cref="UpsertAsync"/>. Indexes that predate this member refuse it rather than keep the chunk.
    /// </summary>
    Task DeleteChunkAsync(string tenant, string chunkId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot remove a single chunk.");

    /// <summary>
    /// The chunk's enclosing section, so an answer can show a small matched chunk with the text around it: the chunks of
    /// the same tenant, document, version and heading path (without a heading path: the same page for paged documents,
    /// else any chunk) whose ordinal is within <paramref name="maxNeighbours"/> of the chunk's, in ordinal order, the chunk
    /// itself included. Indexes that cannot look sections up return nothing, and answers then show the chunk alone.
    /// </summary>
    Task<IReadOnlyList<IndexedChunk>> GetSectionAsync(IndexedChunk chunk, int maxNeighbours, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<IndexedChunk>>([]);
}
