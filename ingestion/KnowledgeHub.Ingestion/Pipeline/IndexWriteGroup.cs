using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// Groups the index writes of the documents being ingested in this process into one upsert (one commit) of up to
/// <see cref="IngestionOptions.IndexCommitDocuments"/> documents; a write that finds the index idle waits up to
/// <see cref="IngestionOptions.IndexCommitWindow"/> for others, and writes that arrive during a commit form the next
/// group. A caller returns only once its group is committed and searchable, so a document never reads completed before
/// its chunks are durable; a kill between two groups leaves the uncommitted documents processing, and they resume. When a
/// group's upsert fails, each of its documents is written alone, so that one bad document fails only itself.
/// </summary>
public sealed class IndexWriteGroup : IAsyncDisposable, IDisposable
{
    private readonly ISearchIndex index;
    private readonly IngestionOptions settings;
    private readonly ILogger<IndexWriteGroup> logger;
    private readonly BatchingLoop<Pending> loop;

    public IndexWriteGroup(ISearchIndex index, IOptions<IngestionOptions> options, TimeProvider timeProvider, ILogger<IndexWriteGroup> logger)
    {
        this.index = index;
        settings = options.Value;
        this.logger = logger;
        loop = new BatchingLoop<Pending>(new BatchingLoop<Pending>.Settings(
            settings.IndexCommitDocuments,
            settings.IndexCommitDocuments,
            settings.IndexCommitWindow,
            timeProvider,
            item => item.TryTake(),
            async (group, token) =>
            {
                if (group.Count > 0)
                {
                    await WriteAsync(group, token);
                }
            },
            (item, fault, token) =>
            {
                if (fault is null)
                {
                    item.Result.TrySetCanceled(token);
                }
                else
                {
                    item.Result.TrySetException(fault);
                }
            },
            ex => IngestionLog.IndexGroupStopped(logger, ex)));
    }

    /// <summary>
    /// Upserts one document's chunks with those of other documents. A cancelled caller withdraws them if its group has
    /// not started yet; once it has, the call returns only when the group's upsert has returned, so that the caller's
    /// clean-up (a deleted document's entries) runs after it. A group whose callers were all cancelled is cancelled.
    /// </summary>
    public async Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken)
    {
        if (settings.IndexCommitDocuments == 1)
        {
            await index.UpsertAsync(chunks, cancellationToken);
            return;
        }

        ObjectDisposedException.ThrowIf(loop.IsStopped, this);
        var item = new Pending(chunks, cancellationToken);
        if (!loop.TryAdd(item))
        {
            throw new InvalidOperationException("The grouped index writer is not running.");
        }

        await using var withdraw = cancellationToken.Register(() =>
        {
            if (item.TryWithdraw())
            {
                item.Result.TrySetCanceled(cancellationToken);
            }
        });
        await item.Result.Task;
    }

    /// <summary>For a container disposed synchronously: stops the loop without waiting for it.</summary>
    public void Dispose() => loop.Dispose();

    public ValueTask DisposeAsync() => loop.DisposeAsync();

    private async Task WriteAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        // A group whose documents were all stopped (deleted, timed out) is cancelled, so that a stuck write cannot hold
        // up the documents after it.
        using var groupStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = group.Count;
        var registrations = new CancellationTokenRegistration[group.Count];
        try
        {
            for (var i = 0; i < group.Count; i++)
            {
                registrations[i] = group[i].Token.Register(() =>
                {
                    if (Interlocked.Decrement(ref live) == 0)
                    {
                        groupStop.Cancel();
                    }
                });
            }

            await WriteGroupAsync(group, groupStop.Token, cancellationToken);
        }
        finally
        {
            foreach (var registration in registrations)
            {
                await registration.DisposeAsync();
            }
        }
    }

    private async Task WriteGroupAsync(List<Pending> group, CancellationToken groupToken, CancellationToken cancellationToken)
    {
        try
        {
            await index.UpsertAsync([.. group.SelectMany(p => p.Chunks)], groupToken);
            foreach (var item in group)
            {
                item.Result.TrySetResult();
            }

            return;
        }
        catch (OperationCanceledException) when (groupToken.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            foreach (var item in group)
            {
                item.Result.TrySetCanceled(item.Token);
            }

            return;
        }
        catch (Exception ex) when (group.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            IngestionLog.IndexGroupFailed(logger, group.Count, ex.GetType());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            group[0].Result.TrySetException(ex);
            return;
        }

        foreach (var item in group)
        {
            using var alone = CancellationTokenSource.CreateLinkedTokenSource(item.Token, cancellationToken);
            try
            {
                await index.UpsertAsync(item.Chunks, alone.Token);
                item.Result.TrySetResult();
            }
            catch (OperationCanceledException) when (item.Token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                item.Result.TrySetCanceled(item.Token);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                item.Result.TrySetException(ex);
            }
        }
    }

    private sealed class Pending(IReadOnlyList<IndexedChunk> chunks, CancellationToken token)
    {
        private const int Waiting = 0;
        private const int Taken = 1;
        private const int Withdrawn = 2;

        private int state = Waiting;

        public IReadOnlyList<IndexedChunk> Chunks { get; } = chunks;

        /// <summary>The requesting run's token.</summary>
        public CancellationToken Token { get; } = token;

        public TaskCompletionSource Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref state, Taken, Waiting) == Waiting;

        public bool TryWithdraw() => Interlocked.CompareExchange(ref state, Withdrawn, Waiting) == Waiting;
    }
}
