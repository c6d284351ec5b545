using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// The index step: makes a chunked and embedded version searchable, then removes what it replaces. A process that
/// cannot write the index (a worker beside an embedded index, which only its owner may open) is given an indexer
/// without one: it records the version as waiting for the index, and the index owner's <see cref="IndexSynchronizer"/>
/// runs this same step from the store.
/// </summary>
public sealed class VersionIndexer(IDocumentStore store, ISearchIndex? index, IndexWriteGroup? writes = null)
{
    public const string Step = "index";

    /// <summary>True when this process leaves the index step to the index owner.</summary>
    public bool HandsOff => index is null;

    /// <summary>
    /// How a stored chunk of <paramref name="document"/> enters any index: with the document's tags and creation time for
    /// filters, and its planted-instruction flag, so that a reindex from the store keeps flags (and admins' clearings).
    /// </summary>
    public static IndexedChunk ToIndexed(DocumentRecord document, StoredChunk chunk, float[] vector) => new(
        chunk.Id, document.Tenant, document.Collection, document.Id, document.Version, document.FileName, chunk.Page, chunk.Ordinal, chunk.Text,
        chunk.HeadingPath, vector, chunk.Box, document.Tags.Count == 0 ? null : document.Tags, document.CreatedAt, chunk.Suspicious,
        document.AccessGroups.Count == 0 ? null : document.AccessGroups, document.Metadata.Count == 0 ? null : document.Metadata);

    /// <summary>An indexer for a process that must not open the index.</summary>
    public static VersionIndexer HandingOff(IDocumentStore store) => new(store, null);

    /// <summary>
    /// Marks the version as chunked and embedded, waiting for the index owner: status processing, step index. Its
    /// chunks are in the store and its vectors in the embedding cache, so the owner needs nothing else.
    /// </summary>
    public Task HandOffAsync(DocumentRecord document, int chunkCount, IReadOnlyList<StepTiming> steps, CancellationToken cancellationToken) =>
        store.UpdateProgressAsync(
            document.Id,
            new DocumentProgress(DocumentStatus.Processing, Step, 0, chunkCount, Version: document.Version, Steps: steps),
            cancellationToken);

    /// <summary>Removes every index entry of a deleted document; nothing to do where the index owner writes the index.</summary>
    public Task RemoveAsync(DocumentRecord document, CancellationToken cancellationToken) =>
        index?.DeleteDocumentAsync(document.Tenant, document.Id, cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Upserts this version, then removes what it replaces. Returns false when the document was deleted or
    /// superseded meanwhile; then this version's entries are removed instead, so nothing stale stays searchable.
    /// </summary>
    public async Task<bool> IndexAsync(DocumentRecord document, IReadOnlyList<StoredChunk> chunks, float[][] vectors, CancellationToken cancellationToken)
    {
        var target = index ?? throw new InvalidOperationException("This process does not write the search index; it hands versions to the index owner.");
        var indexed = chunks.Select((c, i) => ToIndexed(document, c, vectors[i])).ToList();
        // Grouped with other documents' writes into one commit where the host provides the group.
        await (writes is null ? target.UpsertAsync(indexed, cancellationToken) : writes.UpsertAsync(indexed, cancellationToken));

        var current = await store.GetByIdAsync(document.Id, cancellationToken);
        if (current is null)
        {
            await target.DeleteDocumentAsync(document.Tenant, document.Id, cancellationToken);
            await store.ReplaceChunksAsync(document.Id, document.Version, [], cancellationToken: cancellationToken);
            return false;
        }

        if (!current.AccessGroups.SequenceEqual(document.AccessGroups, StringComparer.Ordinal))
        {
            // The groups changed while this version was being indexed: the store's are the ones that count.
            await target.SetAccessGroupsAsync(document.Tenant, document.Id, current.AccessGroups, cancellationToken);
        }

        if (!current.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(document.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)))
        {
            await target.SetMetadataAsync(document.Tenant, document.Id, current.Metadata, cancellationToken);
        }

        // Older versions leave the index only now that this one is searchable: the document never disappears. Versions
        // count from 1, so a first version has none (and skips a write to the store and the index for every new document).
        var keep = Math.Max(current.Version, document.Version);
        if (keep > 1)
        {
            await target.DeleteOlderVersionsAsync(document.Tenant, document.Id, keep, cancellationToken);
            await store.DeleteChunksBelowVersionAsync(document.Id, keep, cancellationToken);
        }

        return current.Version == document.Version;
    }
}
