using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// At start, queues every document whose ingestion had not ended and that has no job waiting or running. With
/// in-process job storage the queue died with the process; with persistent storage most such documents still have
/// their job, but one can be missing (a crash between the store write and the enqueue, a restored backup), and the
/// document store, not the queue, is the source of truth. Hosts starting together serialize on a storage lock.
/// </summary>
public sealed class UnfinishedDocumentsRequeuer(IDocumentStore store, IngestionQueue queue, ILogger<UnfinishedDocumentsRequeuer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var held = queue.LockRequeue(TimeSpan.FromMinutes(1));

        // Unfinished documents first, pending jobs second: a document uploaded in between is missing from the first
        // list, never from the second, so it cannot get a second job from here.
        var unfinished = await store.ListUnfinishedAsync(cancellationToken);
        var pending = unfinished.Count == 0 ? [] : queue.DocumentsWithPendingJobs();
        var queued = 0;
        foreach (var document in unfinished)
        {
            if (pending.Contains(document.Id))
            {
                continue;
            }

            queue.Enqueue(document);
            queued++;
        }

        IngestionLog.Requeued(logger, queued);
        if (queued < unfinished.Count)
        {
            IngestionLog.AlreadyQueued(logger, unfinished.Count - queued);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
