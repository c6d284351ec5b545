namespace KnowledgeHub.Ingestion.Documents;

/// <summary>The seam to the database that holds documents, their status and their chunks (SQLite, PostgreSQL).</summary>
public interface IDocumentStore
{
    /// <summary>Creates or upgrades the schema. Safe to call more than once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the document unless one with the same id exists; returns the stored row and whether it was created.</summary>
    Task<(DocumentRecord Document, bool Created)> AddIfAbsentAsync(DocumentRecord document, CancellationToken cancellationToken = default);

    Task<DocumentRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>The document by id in any tenant; for background jobs, which carry only the id.</summary>
    Task<DocumentRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<DocumentRecord>> ListAsync(string tenant, string? collection = null, CancellationToken cancellationToken = default);

    /// <summary>Documents whose ingestion has not ended (queued or processing), oldest first; re-queued at start.</summary>
    Task<IReadOnlyList<DocumentRecord>> ListUnfinishedAsync(CancellationToken cancellationToken = default);

    Task UpdateProgressAsync(string id, DocumentProgress progress, CancellationToken cancellationToken = default);

    /// <summary>Puts a failed or finished document back to queued (for retry) and clears its error.</summary>
    Task RequeueAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces every stored chunk of this document version in one transaction.</summary>
    Task ReplaceChunksAsync(string documentId, int version, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document row and its chunks; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>How many documents still reference these bytes (so the original is deleted only when unused).</summary>
    Task<int> CountByHashAsync(string contentHash, CancellationToken cancellationToken = default);
}
