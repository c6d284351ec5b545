namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Access groups: changed in place on every stored chunk of a document, text and vectors kept.</summary>
public sealed partial class EmbeddedIndex
{
    public Task SetAccessGroupsAsync(string tenant, string documentId, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string>? wanted = groups is { Count: > 0 } ? [.. groups] : null;

        // As with flags, Lucene cannot change a stored field: the document's chunks are read back whole (vectors from the
        // dense store, so nothing is embedded again) and upserted with the new groups under the re-entrant write gate.
        lock (writeGate)
        {
            var changed = ChunksOf(tenant, documentId)
                .Where(c => !SameGroups(c.AccessGroups, wanted))
                .Select(c => c with { AccessGroups = wanted })
                .ToList();
            return changed.Count == 0 ? Task.CompletedTask : UpsertAsync(changed, cancellationToken);
        }
    }

    public Task SetMetadataAsync(
        string tenant, string documentId, IReadOnlyDictionary<string, Metadata.MetadataValue>? metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var wanted = metadata is { Count: > 0 } ? metadata : null;
        lock (writeGate)
        {
            var changed = ChunksOf(tenant, documentId).Select(c => c with { Metadata = wanted }).ToList();
            return changed.Count == 0 ? Task.CompletedTask : UpsertAsync(changed, cancellationToken);
        }
    }

    private static bool SameGroups(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        (a ?? []).Order(StringComparer.Ordinal).SequenceEqual((b ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Every stored chunk of the tenant's document, all versions, with its vector.</summary>
    private List<IndexedChunk> ChunksOf(string tenant, string documentId)
    {
        readWriteLock.EnterReadLock();
        var searcher = searchers.Acquire();
        try
        {
            var top = searcher.Search(KeywordQuery.Document(tenant, documentId), Math.Max(1, searcher.IndexReader.MaxDoc));
            return top.ScoreDocs
                .Select(hit => searcher.IndexReader.Document(hit.Doc, ChunkFields.HitFields))
                .Select(stored => ChunkFields.ToChunk(stored, []))
                .Select(chunk => chunk with { Vector = dense.VectorOf(chunk.Id) ?? new float[Dimensions] })
                .ToList();
        }
        finally
        {
            searchers.Release(searcher);
            readWriteLock.ExitReadLock();
        }
    }
}
