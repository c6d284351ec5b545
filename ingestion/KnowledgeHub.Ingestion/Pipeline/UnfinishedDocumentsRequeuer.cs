using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// At start, queues every document whose ingestion had not ended: with in-process job storage the queue dies
/// with the process, and the document store (not the queue) is the source of truth.
/// </summary>
public sealed class UnfinishedDocumentsRequeuer(IDocumentStore store, IngestionQueue queue, ILogger<UnfinishedDocumentsRequeuer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var unfinished = await store.ListUnfinishedAsync(cancellationToken);
        foreach (var document in unfinished)
        {
            queue.Enqueue(document.Id);
        }

        IngestionLog.Requeued(logger, unfinished.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
