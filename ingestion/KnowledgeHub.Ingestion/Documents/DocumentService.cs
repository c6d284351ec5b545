using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>What the API and the command line do with documents: upload, list, retry, delete.</summary>
public sealed class DocumentService(
    IDocumentStore store,
    ContentStore content,
    ISearchIndex index,
    IIngestionQueue queue,
    IngestionRuns runs,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider)
{
    public const int MaxExternalIdLength = 256;

    /// <param name="Duplicate">The bytes are already the current version of a document of the collection; nothing was queued.</param>
    /// <param name="NewVersion">The upload became a new version of an existing document.</param>
    public sealed record UploadResult(DocumentRecord Document, bool Duplicate, bool NewVersion)
    {
        public bool Created => !Duplicate && !NewVersion;
    }

    /// <param name="externalId">The caller's id for the document; uploads with the same id (or, without one, the same file name) are versions of one document.</param>
    /// <param name="enqueue">False when the caller runs the pipeline itself (the command line).</param>
    public async Task<UploadResult> UploadAsync(
        string tenant,
        string? collection,
        string fileName,
        string? contentType,
        Stream body,
        bool enqueue = true,
        string? externalId = null,
        IReadOnlyList<string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        var safeName = FileNames.Clean(fileName);
        var targetCollection = string.IsNullOrWhiteSpace(collection) ? options.Value.DefaultCollection : collection.Trim();
        CollectionNames.Validate(targetCollection);
        if (externalId is { Length: > MaxExternalIdLength })
        {
            throw new ArgumentException($"The external id is longer than {MaxExternalIdLength} characters.", nameof(externalId));
        }

        var normalizedTags = tags is null ? null : DocumentTags.Normalize(tags);
        var stored = await content.SaveAsync(body, options.Value.MaxUploadBytes, cancellationToken);
        try
        {
            return await RecordAsync(tenant, targetCollection, safeName, contentType, stored, enqueue, externalId, normalizedTags, cancellationToken);
        }
        catch (Exception) when (stored.New)
        {
            // The row was not written (a full disk, a lost database): bytes that no document names would stay for ever.
            await ForgetUnusedAsync(stored.Hash);
            throw;
        }
    }

    private async Task ForgetUnusedAsync(string hash)
    {
        try
        {
            if (await store.CountByHashAsync(hash, CancellationToken.None) == 0)
            {
                content.Delete(hash);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The original failure is what the caller needs to see; an orphaned original only costs space.
        }
    }

    private async Task<UploadResult> RecordAsync(
        string tenant,
        string targetCollection,
        string safeName,
        string? contentType,
        ContentStore.StoredContent stored,
        bool enqueue,
        string? externalId,
        IReadOnlyList<string>? normalizedTags,
        CancellationToken cancellationToken)
    {
        if (await store.FindByContentAsync(tenant, targetCollection, stored.Hash, cancellationToken) is { } same)
        {
            return new UploadResult(same, Duplicate: true, NewVersion: false);
        }

        var now = timeProvider.GetUtcNow();
        var id = DocumentIds.For(tenant, targetCollection, string.IsNullOrWhiteSpace(externalId) ? safeName : externalId.Trim());
        var (document, created) = await store.AddIfAbsentAsync(
            new DocumentRecord
            {
                Id = id,
                Tenant = tenant,
                Collection = targetCollection,
                FileName = safeName,
                ContentHash = stored.Hash,
                SizeBytes = stored.Size,
                ContentType = contentType,
                Tags = normalizedTags ?? [],
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        if (!created)
        {
            // A concurrent upload of the same bytes under the same key got there first.
            if (document.ContentHash == stored.Hash)
            {
                return new UploadResult(document, Duplicate: true, NewVersion: false);
            }

            document = await store.AddVersionAsync(tenant, id, new NewVersion(safeName, stored.Hash, stored.Size, contentType, normalizedTags), cancellationToken)
                ?? throw new InvalidOperationException($"Document {id} was deleted while a new version was being uploaded.");
        }

        if (!created)
        {
            // The run of the version this one replaces would only be thrown away; it stops now and this one starts.
            runs.Stop(document.Id, IngestionRunEnd.Superseded);
        }

        if (enqueue)
        {
            queue.Enqueue(document);
        }

        return new UploadResult(document, Duplicate: false, NewVersion: !created);
    }

    public Task<DocumentRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        store.GetAsync(tenant, id, cancellationToken);

    /// <param name="status">Only documents in this state (e.g. failed ones, to retry them); null for all.</param>
    public async Task<IReadOnlyList<DocumentRecord>> ListAsync(string tenant, string? collection, DocumentStatus? status = null, CancellationToken cancellationToken = default)
    {
        var documents = await store.ListAsync(tenant, collection, cancellationToken);
        return status is null ? documents : documents.Where(d => d.Status == status).ToList();
    }

    /// <summary>Puts a failed document back on the queue; returns null when it does not exist.</summary>
    public async Task<DocumentRecord?> RetryAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(tenant, id, cancellationToken);
        if (document is null)
        {
            return null;
        }

        if (document.Status == DocumentStatus.Failed)
        {
            await store.RequeueAsync(id, cancellationToken);
            queue.Enqueue(document);
        }

        return await store.GetAsync(tenant, id, cancellationToken);
    }

    /// <summary>
    /// Clears a chunk's planted-instruction flag in the store and in the index, so answers use the chunk again. False
    /// when the tenant has no such chunk.
    /// </summary>
    public async Task<bool> ClearSuspiciousAsync(string tenant, string chunkId, CancellationToken cancellationToken = default)
    {
        // A chunk id starts with its document id (ChunkId.For), so the tenant check is the document's.
        var separator = chunkId.IndexOf(':', StringComparison.Ordinal);
        var document = separator > 0 ? await store.GetAsync(tenant, chunkId[..separator], cancellationToken) : null;

        // The store first: it is the source of truth, so a reindex after a failed index update still clears the flag.
        if (document is null || !await store.SetChunkSuspiciousAsync(chunkId, null, cancellationToken))
        {
            return false;
        }

        await index.SetSuspiciousAsync(tenant, chunkId, null, cancellationToken);
        return true;
    }

    /// <summary>
    /// Removes the document, its chunks, its index entries and (when unused) its original bytes, and stops its ingestion
    /// if one is running (here at once; in a worker process within <see cref="IngestionOptions.RunCheckInterval"/>).
    /// </summary>
    public async Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(tenant, id, cancellationToken);
        if (document is null)
        {
            return false;
        }

        await index.DeleteDocumentAsync(tenant, id, cancellationToken);
        var deleted = await store.DeleteAsync(tenant, id, cancellationToken);
        runs.Stop(id, IngestionRunEnd.Deleted);
        if (await store.CountByHashAsync(document.ContentHash, cancellationToken) == 0)
        {
            content.Delete(document.ContentHash);
        }

        return deleted;
    }
}
