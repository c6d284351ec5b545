using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// At start, queues every document whose ingestion had not ended and that has no job waiting or running. With
/// in-process job storage the queue died with the process; with persistent storage most such documents still have
/// their job, but one can be missing (a crash between the store write and the enqueue, a restored backup), and the
/// document store, not the queue, is the source of truth. Hosts starting together serialize on a storage lock.
/// Then, every <see cref="IngestionOptions.RequeueInterval"/>, it does the same for documents left unfinished for
/// longer than that without a job: a retry whose status write was lost to a full disk, or a job Hangfire dropped after
/// its last retry, is put right once the cause is gone, without a restart.
/// </summary>
public sealed class UnfinishedDocumentsRequeuer(
    IDocumentStore store, IIngestionQueue queue, IOptions<IngestionOptions> options, TimeProvider timeProvider, ILogger<UnfinishedDocumentsRequeuer> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task? periodic;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queued = await RequeueAsync(unchangedFor: null, cancellationToken);
        IngestionLog.Requeued(logger, queued);
        periodic = RequeuePeriodicallyAsync(stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (periodic is not null)
        {
            await periodic.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => stopping.Dispose();

    private async Task RequeuePeriodicallyAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.RequeueInterval;
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var queued = await RequeueAsync(unchangedFor: interval, cancellationToken);
                    if (queued > 0)
                    {
                        IngestionLog.RequeuedLater(logger, queued);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A full disk or an unreachable database now: the next tick tries again.
                    IngestionLog.RequeueFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <param name="unchangedFor">Only documents whose status has not changed for this long (null: all).</param>
    private async Task<int> RequeueAsync(TimeSpan? unchangedFor, CancellationToken cancellationToken)
    {
        using var held = queue.LockRequeue(TimeSpan.FromMinutes(1));

        // Unfinished documents first, pending jobs second: a document uploaded in between is missing from the first
        // list, never from the second, so it cannot get a second job from here.
        var before = timeProvider.GetUtcNow() - (unchangedFor ?? TimeSpan.Zero);
        var unfinished = (await store.ListUnfinishedAsync(cancellationToken)).Where(d => unchangedFor is null || d.UpdatedAt <= before).ToList();
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

        if (queued < unfinished.Count && unchangedFor is null)
        {
            IngestionLog.AlreadyQueued(logger, unfinished.Count - queued);
        }

        return queued;
    }
}
