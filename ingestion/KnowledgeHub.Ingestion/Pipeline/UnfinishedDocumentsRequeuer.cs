using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// At start, queues every document whose ingestion had not ended and that has no job waiting or running, reading the
/// store a page of <see cref="PageSize"/> documents at a time, so that a backlog of any size is re-queued in bounded memory. With
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
    /// <summary>
    /// Unfinished documents read per query: memory and the time of each read stay the same whatever the backlog, and
    /// each page's jobs are queued before the next page is read.
    /// </summary>
    public const int PageSize = 500;

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

        // The bound is fixed before the pending jobs are read, and every page leaves out rows changed after it: a
        // document uploaded or given a new version meanwhile is missing from the pages, never from the pending jobs,
        // so it cannot get a second job from here. The pending jobs hold document ids only.
        var unchangedSince = timeProvider.GetUtcNow() - (unchangedFor ?? TimeSpan.Zero);
        HashSet<string>? pending = null;
        int seen = 0, queued = 0;
        DocumentCursor? after = null;
        while (true)
        {
            var page = await store.ListUnfinishedPageAsync(unchangedSince, after, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            pending ??= queue.DocumentsWithPendingJobs();
            foreach (var document in page)
            {
                // No look at the stored original here: a document whose file is gone is queued like any other, and
                // its job records it as failed with the reason (an unreadable original is the job's to report).
                if (!pending.Contains(document.Id))
                {
                    queue.Enqueue(document);
                    queued++;
                }
            }

            seen += page.Count;
            if (page.Count < PageSize)
            {
                break;
            }

            after = DocumentCursor.After(page[^1]);
        }

        if (queued < seen && unchangedFor is null)
        {
            IngestionLog.AlreadyQueued(logger, seen - queued);
        }

        return queued;
    }
}
