using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>
/// Test double for <see cref="ISearchIndex"/>: an in-memory list scored by how many query words (or CJK characters)
/// a chunk shares with the query. It honours the tenant/collection/document filter like a real index must.
/// </summary>
internal sealed class KeywordOverlapSearchIndex : ISearchIndex
{
    private readonly List<IndexedChunk> chunks = [];

    public string ModelId => HashingTextEncoder.Id;

    public int Searches { get; private set; }

    public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            this.chunks.RemoveAll(c => c.Id == chunk.Id);
            this.chunks.Add(chunk);
        }

        return Task.CompletedTask;
    }

    public Task DeleteDocumentAsync(string tenant, string documentId, CancellationToken cancellationToken = default)
    {
        chunks.RemoveAll(c => c.Tenant == tenant && c.DocumentId == documentId);
        return Task.CompletedTask;
    }

    public Task DeleteOlderVersionsAsync(string tenant, string documentId, int keepVersion, CancellationToken cancellationToken = default)
    {
        chunks.RemoveAll(c => c.Tenant == tenant && c.DocumentId == documentId && c.Version < keepVersion);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Searches++;
        var query = Words(request.Text);
        IReadOnlyList<SearchHit> hits = [.. chunks
            .Where(c => c.Tenant == request.Filter.Tenant
                && (request.Filter.Collection is null || c.Collection == request.Filter.Collection)
                && (request.Filter.DocumentIds is null || request.Filter.DocumentIds.Contains(c.DocumentId)))
            .Select(c => new SearchHit(c, Words(c.Text).Count(query.Contains)))
            .Where(hit => hit.Score > 0)
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Chunk.Id, StringComparer.Ordinal)
            .Take(request.Top)];
        return Task.FromResult(hits);
    }

    public Task SetSuspiciousAsync(string tenant, string chunkId, string? reason, CancellationToken cancellationToken = default)
    {
        var index = chunks.FindIndex(c => c.Tenant == tenant && c.Id == chunkId);
        if (index >= 0)
        {
            chunks[index] = chunks[index] with { Suspicious = reason };
        }

        return Task.CompletedTask;
    }

    public Task SetMetadataAsync(string tenant, string documentId, IReadOnlyDictionary<string, KnowledgeHub.Retrieval.Metadata.MetadataValue>? metadata, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetAccessGroupsAsync(string tenant, string documentId, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].Tenant == tenant && chunks[i].DocumentId == documentId)
            {
                chunks[i] = chunks[i] with { AccessGroups = groups };
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> CountAsync(string tenant, string? documentId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(chunks.Count(c => c.Tenant == tenant && (documentId is null || c.DocumentId == documentId)));

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (c >= '\u4E00' && c <= '\u9FFF')
            {
                Flush();
                words.Add(c.ToString());
            }
            else if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        words.ExceptWith(["the", "a", "an", "of", "is", "was", "in", "what", "when", "how", "to", "and", "it", "for", "on", "by", "be", "are", "did", "does"]);
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
