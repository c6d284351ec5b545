using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// Runs in the process that owns an embedded index while workers elsewhere ingest: it polls the store for versions
/// that are chunked and embedded but not yet indexed (status processing, step index), indexes them from their
/// stored chunks and cached vectors, removes what they replace and only then marks them completed. So completed
/// still means searchable, and the store stays the only channel between workers and the index.
/// </summary>
public sealed class IndexSynchronizer(
    IDocumentStore store,
    ChunkEmbedder embedder,
    VersionIndexer indexer,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<IndexSynchronizer> logger) : BackgroundService
{
    // Versions indexed per poll; the rest wait for the next one, which follows at once when a whole batch completed.
    private const int BatchSize = 200;

    /// <summary>Indexes up to a batch of the versions that wait for the index now; returns how many were completed.</summary>
    public async Task<int> SynchronizeOnceAsync(CancellationToken cancellationToken)
    {
        var waiting = await store.ListProcessingAtStepAsync(VersionIndexer.Step, BatchSize, cancellationToken);
        var completed = 0;
        // Several at once, so that their index writes share commits (IndexWriteGroup).
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.IndexCommitDocuments, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(waiting, parallel, async (document, token) =>
        {
            try
            {
                if (await IndexAsync(document, token))
                {
                    Interlocked.Increment(ref completed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                // The version stays waiting in the store and is tried again at the next poll.
                IngestionLog.SynchronizeFailed(logger, ex, document.Id);
            }
        });

        return completed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may wait: poll again at once.
                if (await SynchronizeOnceAsync(stoppingToken) < BatchSize)
                {
                    await Task.Delay(options.Value.IndexPollInterval, timeProvider, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store itself failed (listing); wait a poll and try again rather than stop indexing for good.
                IngestionLog.SynchronizeFailed(logger, ex, "(listing)");
                await Task.Delay(options.Value.IndexPollInterval, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<bool> IndexAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var chunks = (await store.GetChunksAsync(document.Id, cancellationToken)).Where(c => c.Version == document.Version).ToList();
        if (chunks.Count == 0)
        {
            // Deleted or replaced since it was listed; whoever did that owns what happens next.
            return false;
        }

        // The worker cached every vector by text and model, so this reads them back; it embeds only what is missing.
        var indexable = chunks.Where(c => !c.Excluded).ToList();
        var vectors = await embedder.EmbedAsync(indexable, (_, _) => Task.CompletedTask, cancellationToken);
        if (!await indexer.IndexAsync(document, indexable, vectors, cancellationToken))
        {
            return false;
        }

        var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        List<StepTiming> steps = [.. document.Steps.Where(s => s.Step != VersionIndexer.Step), new StepTiming(VersionIndexer.Step, elapsed)];
        await store.UpdateProgressAsync(
            document.Id,
            new DocumentProgress(DocumentStatus.Completed, ProgressDone: chunks.Count, ProgressTotal: chunks.Count, ChunkCount: chunks.Count, Version: document.Version, Steps: steps),
            cancellationToken);
        IngestionLog.Synchronized(logger, document.Id, document.Version, chunks.Count, elapsed);
        return true;
    }
}
