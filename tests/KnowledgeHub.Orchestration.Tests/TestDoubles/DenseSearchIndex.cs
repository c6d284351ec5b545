using System.Numerics.Tensors;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>
/// Test double for <see cref="ISearchIndex"/>: ranks a tenant's chunks by the dot product of their vectors with the
/// query vector, and always returns the top ones, as dense retrieval does even for an off-topic question.
/// </summary>
internal sealed class DenseSearchIndex(string modelId) : ISearchIndex
{
    private readonly List<IndexedChunk> chunks = [];

    public string ModelId => modelId;

    public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            this.chunks.RemoveAll(c => c.Id == chunk.Id);
            this.chunks.Add(chunk);
        }

        return Task.CompletedTask;
    }

    public Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Mode == SearchMode.Keyword)
        {
            // Enough of a keyword search for "does the collection mention this word at all".
            IReadOnlyList<SearchHit> matches = [.. chunks
                .Where(c => c.Tenant == request.Filter.Tenant && c.Text.Contains(request.Text, StringComparison.OrdinalIgnoreCase))
                .Select(c => new SearchHit(c, 1))
                .Take(request.Top)];
            return Task.FromResult(matches);
        }

        var query = request.Vector ?? throw new ArgumentException("This index searches by vector only.", nameof(request));
        IReadOnlyList<SearchHit> hits = [.. chunks
            .Where(c => c.Tenant == request.Filter.Tenant)
            .Select(c => new SearchHit(c, TensorPrimitives.Dot(c.Vector, query)))
            .OrderByDescending(hit => hit.Score)
            .Take(request.Top)];
        return Task.FromResult(hits);
    }

    public Task SetSuspiciousAsync(string tenant, string chunkId, string? reason, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetMetadataAsync(string tenant, string documentId, IReadOnlyDictionary<string, KnowledgeHub.Retrieval.Metadata.MetadataValue>? metadata, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetAccessGroupsAsync(string tenant, string documentId, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(chunks.Count(c => c.Tenant == tenant));
}
