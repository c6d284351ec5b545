using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>What the API and the command line do with documents: upload, list, retry, delete.</summary>
public sealed class DocumentService(
    IDocumentStore store,
    ContentStore content,
    ISearchIndex index,
    IngestionQueue queue,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider)
{
    public sealed record UploadResult(DocumentRecord Document, bool Created);

    /// <param name="enqueue">False when the caller runs the pipeline itself (the command line).</param>
    public async Task<UploadResult> UploadAsync(
        string tenant, string? collection, string fileName, string? contentType, Stream body, bool enqueue = true, CancellationToken cancellationToken = default)
    {
        var safeName = Path.GetFileName(fileName.Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(safeName))
        {
            throw new ArgumentException("The upload has no file name.", nameof(fileName));
        }

        var targetCollection = string.IsNullOrWhiteSpace(collection) ? options.Value.DefaultCollection : collection.Trim();
        CollectionNames.Validate(targetCollection);

        var stored = await content.SaveAsync(body, options.Value.MaxUploadBytes, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var (document, created) = await store.AddIfAbsentAsync(
            new DocumentRecord
            {
                Id = DocumentIds.For(tenant, targetCollection, stored.Hash),
                Tenant = tenant,
                Collection = targetCollection,
                FileName = safeName,
                ContentHash = stored.Hash,
                SizeBytes = stored.Size,
                ContentType = contentType,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        if (created && enqueue)
        {
            queue.Enqueue(document.Id);
        }

        return new UploadResult(document, created);
    }

    public Task<DocumentRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        store.GetAsync(tenant, id, cancellationToken);

    public Task<IReadOnlyList<DocumentRecord>> ListAsync(string tenant, string? collection, CancellationToken cancellationToken = default) =>
        store.ListAsync(tenant, collection, cancellationToken);

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
            queue.Enqueue(id);
        }

        return await store.GetAsync(tenant, id, cancellationToken);
    }

    /// <summary>Removes the document, its chunks, its index entries and (when unused) its original bytes.</summary>
    public async Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(tenant, id, cancellationToken);
        if (document is null)
        {
            return false;
        }

        await index.DeleteDocumentAsync(tenant, id, cancellationToken);
        var deleted = await store.DeleteAsync(tenant, id, cancellationToken);
        if (await store.CountByHashAsync(document.ContentHash, cancellationToken) == 0)
        {
            content.Delete(document.ContentHash);
        }

        return deleted;
    }
}
