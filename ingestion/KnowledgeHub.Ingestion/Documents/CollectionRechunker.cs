using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// Re-chunks a collection after its chunking changed, through the ingestion path every upload takes: each document
/// that is completed or being processed gets a new version of the same stored bytes, queued like an upload's. The
/// pipeline chunks it with the collection's current settings, embeds (the embedding cache spares unchanged texts) and
/// indexes it, and only then removes the previous version's chunks, so every document stays searchable throughout. Its
/// progress shows as each document's status and in the ingestion queue. Documents still queued are chunked with the
/// new settings anyway; failed ones keep their failure until retried.
/// </summary>
public sealed class CollectionRechunker(IDocumentStore store, IIngestionQueue queue, IngestionRuns runs)
{
    /// <returns>How many documents were queued again.</returns>
    public async Task<int> RechunkAsync(string tenant, string collection, CancellationToken cancellationToken = default)
    {
        var queued = 0;
        foreach (var document in await store.ListAsync(tenant, collection, cancellationToken))
        {
            if (document.Status is not (DocumentStatus.Completed or DocumentStatus.Processing))
            {
                continue;
            }

            var next = await store.AddVersionAsync(
                tenant,
                document.Id,
                new NewVersion(document.FileName, document.ContentHash, document.SizeBytes, document.ContentType, document.Tags, document.AccessGroups, document.Metadata),
                cancellationToken);
            if (next is null)
            {
                continue;
            }

            // A run of the version just replaced would chunk with the old settings; it stops and the new version starts.
            runs.Stop(document.Id, IngestionRunEnd.Superseded);
            queue.Enqueue(next);
            queued++;
        }

        return queued;
    }
}
