using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Planted-instruction flags: changed in place on a stored chunk.</summary>
public sealed partial class EmbeddedIndex
{
    public Task SetSuspiciousAsync(string tenant, string chunkId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(chunkId);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        // Lucene cannot change one stored field: the chunk is read back whole and upserted with the new flag, under
        // the write gate so that no other write replaces it in between (the gate is re-entrant for the upsert).
        lock (writeGate)
        {
            var chunk = Find(chunkId);
            if (chunk is null || chunk.Tenant != tenant || chunk.Suspicious == reason)
            {
                return Task.CompletedTask;
            }

            return UpsertAsync([chunk with { Suspicious = reason }], cancellationToken);
        }
    }

    private IndexedChunk? Find(string chunkId)
    {
        readWriteLock.EnterReadLock();
        var searcher = searchers.Acquire();
        try
        {
            var top = searcher.Search(new TermQuery(new Term(ChunkFields.Id, chunkId)), 1);
            if (top.TotalHits == 0)
            {
                return null;
            }

            var stored = searcher.IndexReader.Document(top.ScoreDocs[0].Doc, ChunkFields.HitFields);
            return ChunkFields.ToChunk(stored, dense.VectorOf(chunkId) ?? []);
        }
        finally
        {
            searchers.Release(searcher);
            readWriteLock.ExitReadLock();
        }
    }
}
