using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>
/// Passes every call to the real index; test doubles override only the calls they interfere with (a new
/// <see cref="ISearchIndex"/> method is added here once, not in every double).
/// </summary>
internal abstract class DelegatingSearchIndex(ISearchIndex inner) : ISearchIndex
{
    protected ISearchIndex Inner { get; } = inner;

    public string ModelId => Inner.ModelId;

    public virtual Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default) =>
        Inner.UpsertAsync(chunks, cancellationToken);

    public Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default) =>
        Inner.DeleteDocumentAsync(tenant, documentId, cancellationToken);

    public Task DeleteChunkAsync(string tenant, string chunkId, CancellationToken cancellationToken = default) =>
        Inner.DeleteChunkAsync(tenant, chunkId, cancellationToken);

    public Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default) =>
        Inner.DeleteOlderVersionsAsync(tenant, documentId, keepVersion, cancellationToken);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) =>
        Inner.SearchAsync(request, cancellationToken);

    public Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default) =>
        Inner.CountAsync(tenant, documentId, cancellationToken);

    public Task SetSuspiciousAsync(string tenant, string chunkId, string? reason, CancellationToken cancellationToken = default) =>
        Inner.SetSuspiciousAsync(tenant, chunkId, reason, cancellationToken);

    public Task SetMetadataAsync(string tenant, string documentId, IReadOnlyDictionary<string, MetadataValue>? metadata, CancellationToken cancellationToken = default) =>
        Inner.SetMetadataAsync(tenant, documentId, metadata, cancellationToken);

    public Task SetAccessGroupsAsync(string tenant, string documentId, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default) =>
        Inner.SetAccessGroupsAsync(tenant, documentId, groups, cancellationToken);
}
