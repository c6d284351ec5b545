using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>What the API and the command line do with documents: upload, list, retry, delete.</summary>
public sealed class DocumentService(
    IDocumentStore store,
    IUploadReceiptStore receipts,
    ContentStore content,
    ISearchIndex index,
    IIngestionQueue queue,
    IngestionRuns runs,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    MetadataKeys metadataKeys)
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
    /// <param name="accessGroups">Who may read the document (<see cref="AccessGroups"/>); null keeps a new version's groups (none for a new document).</param>
    /// <param name="readerGroups">The uploading key's groups (null: an admin key): it may assign only those and may not replace a document it cannot read.</param>
    public async Task<UploadResult> UploadAsync(
        string tenant,
        string? collection,
        string fileName,
        string? contentType,
        Stream body,
        bool enqueue = true,
        string? externalId = null,
        IReadOnlyList<string>? tags = null,
        IReadOnlyList<string>? accessGroups = null,
        IReadOnlyList<string>? readerGroups = null,
        IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? metadata = null,
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
        var groups = accessGroups is null ? null : AccessGroups.Normalize(accessGroups);
        EnsureMayAssign(readerGroups, groups);
        if (metadata is not null)
        {
            await metadataKeys.EnsureAgreesAsync(tenant, null, metadata, cancellationToken);
        }

        var stored = await content.SaveAsync(body, options.Value.MaxUploadBytes, cancellationToken);
        try
        {
            var attributes = new UploadAttributes(normalizedTags, groups, readerGroups, metadata);
            return await RecordAsync(tenant, targetCollection, safeName, contentType, stored, enqueue, externalId, attributes, cancellationToken);
        }
        catch (Exception) when (stored.New)
        {
            // The row was not written (a full disk, a lost database): bytes that no document names would stay for ever.
            await ForgetUnusedAsync(stored.Hash);
            throw;
        }
    }

    /// <summary>
    /// Decides, before anything is stored, what an upload with idempotency key <paramref name="key"/> gets: a replay of
    /// the key's earlier answer when the request is the same, a conflict when it differs, or permission to proceed.
    /// </summary>
    /// <param name="content">The upload's bytes, read to the end for the fingerprint.</param>
    /// <param name="tags">The tags as sent.</param>
    /// <param name="attributes">Access groups and metadata as sent, when they were; part of what makes two uploads the same.</param>
    public async Task<UploadKeyDecision> CheckUploadKeyAsync(
        string tenant,
        string key,
        Stream content,
        string fileName,
        string collection,
        string externalId,
        IReadOnlyList<string> tags,
        string? attributes = null,
        CancellationToken cancellationToken = default)
    {
        var fingerprint = await UploadKeys.FingerprintAsync(content, fileName, collection, externalId, tags, attributes, cancellationToken);
        var earlier = await receipts.FindUploadReceiptAsync(tenant, key, timeProvider.GetUtcNow() - UploadKeys.Window, cancellationToken);
        return earlier is null
            ? new UploadKeyDecision(UploadKeyOutcome.Proceed, tenant, key, fingerprint, null)
            : Answer(tenant, key, fingerprint, earlier);
    }

    /// <summary>
    /// Keeps the answer to an upload that <see cref="CheckUploadKeyAsync"/> let proceed, so that repeats get it again.
    /// When a concurrent request with the same key kept its answer first, the decision is made against that one.
    /// </summary>
    public async Task<UploadKeyDecision> KeepUploadAnswerAsync(
        UploadKeyDecision decision, string documentId, int statusCode, string responseBody, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Outcome != UploadKeyOutcome.Proceed)
        {
            throw new ArgumentException($"Only an upload allowed to proceed keeps an answer; this one was a {decision.Outcome}.", nameof(decision));
        }

        var now = timeProvider.GetUtcNow();
        var mine = new UploadReceipt(decision.Tenant, decision.Key, decision.Fingerprint, documentId, statusCode, responseBody, now);
        var stored = await receipts.AddUploadReceiptAsync(mine, now - UploadKeys.Window, cancellationToken);
        return stored == mine ? decision with { Receipt = mine } : Answer(decision.Tenant, decision.Key, decision.Fingerprint, stored);
    }

    private static UploadKeyDecision Answer(string tenant, string key, string fingerprint, UploadReceipt earlier) => new(
        string.Equals(earlier.Fingerprint, fingerprint, StringComparison.Ordinal) ? UploadKeyOutcome.Replay : UploadKeyOutcome.Conflict,
        tenant,
        key,
        fingerprint,
        earlier);

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
        UploadAttributes attributes,
        CancellationToken cancellationToken)
    {
        var normalizedTags = attributes.Tags;
        if (await store.FindByContentAsync(tenant, targetCollection, stored.Hash, cancellationToken) is { } same)
        {
            EnsureReadable(attributes.ReaderGroups, same);
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
                AccessGroups = attributes.AccessGroups ?? [],
                Metadata = attributes.Metadata ?? Retrieval.Metadata.DocumentMetadata.Empty,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        if (!created)
        {
            EnsureReadable(attributes.ReaderGroups, document);

            // A concurrent upload of the same bytes under the same key got there first.
            if (document.ContentHash == stored.Hash)
            {
                return new UploadResult(document, Duplicate: true, NewVersion: false);
            }

            var before = document.AccessGroups;
            document = await store.AddVersionAsync(
                tenant, id, new NewVersion(safeName, stored.Hash, stored.Size, contentType, normalizedTags, attributes.AccessGroups, attributes.Metadata), cancellationToken)
                ?? throw new InvalidOperationException($"Document {id} was deleted while a new version was being uploaded.");
            if (!before.SequenceEqual(document.AccessGroups, StringComparer.Ordinal))
            {
                // The versions already indexed must not stay readable under the old groups until the new one replaces them.
                await index.SetAccessGroupsAsync(tenant, id, document.AccessGroups, cancellationToken);
            }
        }

        if (!created)
        {
            // The run of the version this one replaces would only be thrown away; it stops now and this one starts.
            runs.Stop(document.Id, IngestionRunEnd.Superseded);
        }

        if (attributes.Metadata is not null)
        {
            metadataKeys.Forget(tenant);
        }

        if (enqueue)
        {
            queue.Enqueue(document);
        }

        return new UploadResult(document, Duplicate: false, NewVersion: !created);
    }

    public Task<DocumentRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        store.GetAsync(tenant, id, cancellationToken);

    /// <summary>
    /// Gives the document new access groups in the store, then in the index in place (no re-embedding), so the next
    /// search sees them. Null when the tenant has no such document or <paramref name="readerGroups"/> may not read it.
    /// </summary>
    /// <param name="readerGroups">The groups of the key asking (null: an admin key, which may set any groups).</param>
    /// <exception cref="ArgumentException">An invalid group, or one a restricted key may not assign.</exception>
    public async Task<DocumentRecord?> SetAccessGroupsAsync(
        string tenant, string id, IEnumerable<string?> groups, IReadOnlyList<string>? readerGroups, CancellationToken cancellationToken = default) =>
        await UpdateAsync(tenant, id, groups, null, readerGroups, cancellationToken);

    /// <summary>
    /// Changes the document's access groups and/or metadata (null: unchanged) in the store, then in the index in place
    /// (no re-embedding), so the next search sees them. Null when the tenant has no such document or the key may not read it.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid group, one a restricted key may not assign, or metadata of another type than the tenant's.</exception>
    public async Task<DocumentRecord?> UpdateAsync(
        string tenant,
        string id,
        IEnumerable<string?>? groups,
        IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? metadata,
        IReadOnlyList<string>? readerGroups,
        CancellationToken cancellationToken = default)
    {
        var normalized = groups is null ? null : AccessGroups.Normalize(groups);
        var document = await store.GetAsync(tenant, id, cancellationToken);
        if (document is null || !AccessGroups.CanRead(readerGroups, document.AccessGroups))
        {
            return null;
        }

        EnsureMayAssign(readerGroups, normalized);
        if (readerGroups is not null && normalized is { Count: 0 } && document.AccessGroups.Count > 0)
        {
            throw new ArgumentException("Only an admin key may make a document with access groups readable by every key.", nameof(groups));
        }

        if (metadata is not null)
        {
            await metadataKeys.EnsureAgreesAsync(tenant, id, metadata, cancellationToken);
        }

        // The store first: it is the source of truth, and a reindex or the next index step re-applies what it holds.
        var updated = await store.UpdateAttributesAsync(tenant, id, new DocumentChanges(normalized, metadata), cancellationToken);
        if (updated is null)
        {
            return null;
        }

        if (normalized is not null)
        {
            await index.SetAccessGroupsAsync(tenant, id, updated.AccessGroups, cancellationToken);
        }

        if (metadata is not null)
        {
            metadataKeys.Forget(tenant);
            await index.SetMetadataAsync(tenant, id, updated.Metadata, cancellationToken);
        }

        return updated;
    }

    /// <summary>A key with groups (not an admin) may give documents only groups it holds itself.</summary>
    private static void EnsureMayAssign(IReadOnlyList<string>? readerGroups, IReadOnlyList<string>? groups)
    {
        if (readerGroups is not null && groups?.FirstOrDefault(g => !readerGroups.Contains(g, StringComparer.Ordinal)) is { } foreign)
        {
            throw new ArgumentException($"This key may assign only access groups it holds itself; it does not hold '{foreign}'.", nameof(groups));
        }
    }

    /// <summary>An upload that would land on a document the key may not read (same name or same bytes) is refused.</summary>
    private static void EnsureReadable(IReadOnlyList<string>? readerGroups, DocumentRecord document)
    {
        if (!AccessGroups.CanRead(readerGroups, document.AccessGroups))
        {
            throw new DocumentNotReadableException();
        }
    }

    private sealed record UploadAttributes(
        IReadOnlyList<string>? Tags, IReadOnlyList<string>? AccessGroups, IReadOnlyList<string>? ReaderGroups,
        IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? Metadata);

    /// <param name="status">Only documents in this state (e.g. failed ones, to retry them); null for all.</param>
    public async Task<IReadOnlyList<DocumentRecord>> ListAsync(string tenant, string? collection, DocumentStatus? status = null, CancellationToken cancellationToken = default)
    {
        var documents = await store.ListAsync(tenant, collection, cancellationToken);
        return status is null ? documents : documents.Where(d => d.Status == status).ToList();
    }

    /// <summary>
    /// Puts a failed document, or a processing one that stalled (<see cref="IngestionOptions.StallAfter"/>), back on the
    /// queue; other documents are returned unchanged, and null when it does not exist.
    /// </summary>
    public async Task<DocumentRecord?> RetryAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(tenant, id, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var stalled = document.Status == DocumentStatus.Processing && timeProvider.GetUtcNow() - document.UpdatedAt > options.Value.StallAfter;
        if (document.Status == DocumentStatus.Failed || stalled)
        {
            // A stalled run in this process is stopped and starts over. One hung in another process may still write its
            // status later; the new job's run of the same version writes after it and wins.
            runs.Stop(id, IngestionRunEnd.Retried);
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
