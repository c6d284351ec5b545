using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// Fills an index from the document store, the source of truth: every completed document's current version, its
/// stored chunks embedded again by the configured encoder (the embedding cache, keyed by model, spares texts this
/// model has embedded before). Documents still being ingested are left to their jobs.
/// </summary>
/// <param name="timeProvider">The clock catch-up waits on; the system clock when null.</param>
public sealed class IndexRebuilder(IDocumentStore store, ChunkEmbedder embedder, TimeProvider? timeProvider = null)
{
    /// <summary>Chunks gathered before one upsert.</summary>
    public const int BatchSize = 1000;

    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    /// <summary>What a document looked like when it was copied, so changes made meanwhile can be caught up.</summary>
    public sealed record Copied(string Tenant, string Id, int Version, DateTimeOffset UpdatedAt);

    /// <summary>
    /// How long <see cref="CatchUpAsync"/> keeps looking while documents are in their index step. Such a document's
    /// writes may have gone to the old index just before the swap; only once its version is completed can it be
    /// copied over. (With Qdrant, a job whose writes straddle the swap re-runs its index step by itself.)
    /// </summary>
    public TimeSpan IndexStepWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause between catch-up passes while documents are in their index step.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<Copied>> FillAsync(ISearchIndex target, IReadOnlyList<string> tenants, Action<DocumentRecord, int> copied, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(tenants);
        var result = new List<Copied>();
        var pending = new List<IndexedChunk>();
        foreach (var tenant in tenants.Distinct(StringComparer.Ordinal))
        {
            foreach (var document in await store.ListAsync(tenant, null, cancellationToken))
            {
                if (document.Status != DocumentStatus.Completed)
                {
                    continue;
                }

                var chunks = await IndexedChunksAsync(document, cancellationToken);
                pending.AddRange(chunks);
                result.Add(new Copied(document.Tenant, document.Id, document.Version, document.UpdatedAt));
                copied(document, chunks.Count);

                // Many documents per write: the embedded index commits once per upsert, Qdrant answers once per request.
                if (pending.Count >= BatchSize)
                {
                    await target.UpsertAsync(pending, cancellationToken);
                    pending.Clear();
                }
            }
        }

        if (pending.Count > 0)
        {
            await target.UpsertAsync(pending, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Brings the documents that changed while the copy ran (new version, deleted) up to date in <paramref name="target"/>,
    /// once it is live; returns how many it touched. A document in its index step is not skipped: passes repeat until
    /// none is (or <see cref="IndexStepWait"/> ends), so a version whose writes reached only the old index is copied
    /// once it completes.
    /// </summary>
    public async Task<int> CatchUpAsync(ISearchIndex target, IReadOnlyList<Copied> copies, IReadOnlyList<string> tenants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(copies);
        var known = copies.ToDictionary(c => (c.Tenant, c.Id));
        var until = time.GetUtcNow() + IndexStepWait;
        var touched = 0;
        while (true)
        {
            var (pass, indexing) = await CatchUpPassAsync(target, known, tenants, cancellationToken);
            touched += pass;
            if (indexing == 0 || time.GetUtcNow() >= until)
            {
                return touched;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<(int Touched, int Indexing)> CatchUpPassAsync(ISearchIndex target, Dictionary<(string Tenant, string Id), Copied> known, IReadOnlyList<string> tenants, CancellationToken cancellationToken)
    {
        var touched = 0;
        var indexing = 0;
        foreach (var tenant in tenants.Distinct(StringComparer.Ordinal))
        {
            var current = (await store.ListAsync(tenant, null, cancellationToken)).ToDictionary(d => d.Id, StringComparer.Ordinal);
            foreach (var copy in known.Values.Where(c => c.Tenant == tenant && !current.ContainsKey(c.Id)).ToList())
            {
                await target.DeleteDocumentAsync(tenant, copy.Id, cancellationToken);
                known.Remove((tenant, copy.Id));
                touched++;
            }

            indexing += current.Values.Count(d => d.Status == DocumentStatus.Processing && d.Step == VersionIndexer.Step);
            foreach (var document in current.Values.Where(d => d.Status == DocumentStatus.Completed))
            {
                if (known.TryGetValue((tenant, document.Id), out var copy) && copy.Version == document.Version && copy.UpdatedAt == document.UpdatedAt)
                {
                    continue;
                }

                await CopyAsync(target, document, cancellationToken);
                await target.DeleteOlderVersionsAsync(tenant, document.Id, document.Version, cancellationToken);
                known[(tenant, document.Id)] = new Copied(document.Tenant, document.Id, document.Version, document.UpdatedAt);
                touched++;
            }
        }

        return (touched, indexing);
    }

    private async Task CopyAsync(ISearchIndex target, DocumentRecord document, CancellationToken cancellationToken)
    {
        var chunks = await IndexedChunksAsync(document, cancellationToken);
        if (chunks.Count > 0)
        {
            await target.UpsertAsync(chunks, cancellationToken);
        }
    }

    private async Task<List<IndexedChunk>> IndexedChunksAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        // Corrected text as the store hands it out; chunks a person excluded stay out of the rebuilt index.
        var chunks = (await store.GetChunksAsync(document.Id, cancellationToken)).Where(c => c.Version == document.Version && !c.Excluded).OrderBy(c => c.Ordinal).ToList();
        if (chunks.Count == 0)
        {
            return [];
        }

        var vectors = await embedder.EmbedAsync(chunks, (_, _) => Task.CompletedTask, cancellationToken);
        return chunks.Select((c, i) => VersionIndexer.ToIndexed(document, c, vectors[i])).ToList();
    }
}
