namespace KnowledgeHub.Ingestion.Documents;

/// <summary>The seam to the database that holds documents, their status and their chunks (SQLite, PostgreSQL).</summary>
public interface IDocumentStore
{
    /// <summary>Creates or upgrades the schema. Safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the document unless one with the same id exists; returns the stored row and whether it was created.</summary>
    Task<(DocumentRecord Document, bool Created)> AddIfAbsentAsync(DocumentRecord document, CancellationToken cancellationToken = default);

    Task<DocumentRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>The document of the collection whose current version has these bytes, if any.</summary>
    Task<DocumentRecord?> FindByContentAsync(string tenant, string collection, string contentHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="content"/> the document's next version (version + 1, queued, attempts and error cleared);
    /// the previous version's chunks stay until the pipeline has indexed the new one. Null when the document is gone.
    /// </summary>
    Task<DocumentRecord?> AddVersionAsync(string tenant, string id, NewVersion content, CancellationToken cancellationToken = default);

    /// <summary>Applies the changes that are set (access groups) to the tenant's document; null when it does not exist.</summary>
    Task<DocumentRecord?> UpdateAttributesAsync(string tenant, string id, DocumentChanges changes, CancellationToken cancellationToken = default);

    /// <summary>The document by id in any tenant; for background jobs, which carry only the id.</summary>
    Task<DocumentRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<DocumentRecord>> ListAsync(string tenant, string? collection = null, CancellationToken cancellationToken = default);

    /// <summary>The tenant's collections (every collection some document names), by name.</summary>
    Task<IReadOnlyList<CollectionSummary>> ListCollectionsAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's collections holding a document that a key with <paramref name="accessGroups"/> may read, with only
    /// those documents counted, by name (null: every document, as the overload without groups). Counted in the
    /// database, so a key restricted to groups costs no more than an admin key however many documents the tenant holds.
    /// </summary>
    Task<IReadOnlyList<CollectionSummary>> ListCollectionsAsync(
        string tenant, IReadOnlyList<string>? accessGroups, CancellationToken cancellationToken = default);

    /// <summary>One page of the tenant's documents matching the query's filters, newest first, with the total count.</summary>
    Task<DocumentPage> ListPageAsync(string tenant, DocumentQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> documents whose ingestion has not ended (queued or processing) and whose status last
    /// changed at or before <paramref name="unchangedSince"/>, oldest first (creation time, then id), continuing after
    /// <paramref name="after"/> (null: from the oldest): the re-queue pages through a backlog of any size without holding
    /// it. The creation time never changes, so a page never repeats a row of an earlier one.
    /// </summary>
    Task<IReadOnlyList<DocumentRecord>> ListUnfinishedPageAsync(
        DateTimeOffset unchangedSince, DocumentCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's queued and processing documents, those completed or failed at or after <paramref name="endedFrom"/>,
    /// and those completed (with their chunks) at or after <paramref name="rateFrom"/>, counted in the database.
    /// </summary>
    Task<IngestionCounts> CountIngestionAsync(
        string tenant, DateTimeOffset endedFrom, DateTimeOffset rateFrom, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> documents processing at <paramref name="step"/>, oldest first: what waits for one
    /// process's attention (the index owner polls for step "index") without reading every queued document each poll.
    /// </summary>
    Task<IReadOnlyList<DocumentRecord>> ListProcessingAtStepAsync(string step, int limit, CancellationToken cancellationToken = default);

    Task UpdateProgressAsync(string id, DocumentProgress progress, CancellationToken cancellationToken = default);

    /// <summary>Puts a failed or finished document back to queued (for retry) and clears its error.</summary>
    Task RequeueAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces every stored chunk of this document version in one transaction, with <paramref name="progress"/> (when
    /// given) written in the same transaction: the pipeline records the next step with its chunks in one write.
    /// </summary>
    Task ReplaceChunksAsync(string documentId, int version, IReadOnlyList<StoredChunk> chunks, DocumentProgress? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every stored chunk of the document (all versions), by version and ordinal; chunks of the current version that a
    /// person corrected come with the corrected text and their <see cref="StoredChunk.Correction"/>.
    /// </summary>
    Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Sets or clears (null) the chunk's planted-instruction flag; returns false when no such chunk is stored.</summary>
    Task<bool> SetChunkSuspiciousAsync(string chunkId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or replaces the correction of the chunk at (document, content hash, ordinal). From then on
    /// <see cref="GetChunksAsync"/> returns that chunk with the corrected text and the correction, for every version of
    /// the document with these bytes whose chunk at the ordinal still has the original text. Deleting the document
    /// deletes its corrections.
    /// </summary>
    Task SaveChunkCorrectionAsync(ChunkCorrection correction, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many chunks of each document's current version are flagged as planted instructions; documents with none
    /// are absent from the result.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> CountSuspiciousChunksAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default);

    /// <summary>Removes the stored chunks of versions below <paramref name="keepVersion"/> (after the new version is indexed).</summary>
    Task DeleteChunksBelowVersionAsync(string documentId, int keepVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document row and its chunks; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>How many documents still reference these bytes (so the original is deleted only when unused).</summary>
    Task<int> CountByHashAsync(string contentHash, CancellationToken cancellationToken = default);
}
