namespace KnowledgeHub.Ingestion.Documents;

/// <summary>A collection's chunk size and overlap set through the API; it overrides the configuration's.</summary>
public sealed record CollectionChunkingRecord(string Tenant, string Collection, int MaxTokens, int OverlapTokens, DateTimeOffset UpdatedAt);

/// <summary>Per-collection chunking set through the API, in the document database (SQLite or PostgreSQL, migration 0012).</summary>
public interface ICollectionChunkingStore
{
    Task<CollectionChunkingRecord?> GetChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the collection's setting.</summary>
    Task SetChunkingAsync(CollectionChunkingRecord setting, CancellationToken cancellationToken = default);

    /// <summary>Removes the collection's setting, so the configuration's applies again; false when it had none.</summary>
    Task<bool> DeleteChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default);
}
