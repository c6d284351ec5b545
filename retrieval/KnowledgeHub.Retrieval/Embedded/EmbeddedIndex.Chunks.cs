using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>Single chunks leaving the index: the ones a person excluded from retrieval.</summary>
public sealed partial class EmbeddedIndex
{
    public Task DeleteChunkAsync(string tenant, string chunkId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(chunkId);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        lock (writeGate)
        {
            // Checked under the gate, so a concurrent upsert of another tenant's chunk with this id cannot slip in between.
            var chunk = Find(chunkId);
            if (chunk is null || chunk.Tenant != tenant)
            {
                return Task.CompletedTask;
            }

            writer.DeleteDocuments(new TermQuery(new Term(ChunkFields.Id, chunkId)));
            writer.Commit();
            readWriteLock.EnterWriteLock();
            try
            {
                dense.Remove(chunkId);
                searchers.MaybeRefreshBlocking();
            }
            finally
            {
                readWriteLock.ExitWriteLock();
            }
        }

        EmbeddedIndexLog.ChunkDeleted(logger, tenant, chunkId);
        return Task.CompletedTask;
    }
}
