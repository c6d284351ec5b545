using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// One queue of passage texts for every document being ingested in this process, so that encoder calls are full
/// (<see cref="IngestionOptions.EmbedBatchSize"/> texts) even when each document has only a few chunks. A call that is
/// not full waits <see cref="IngestionOptions.EmbedBatchWait"/> for more; texts arriving while a call runs join the next,
/// which starts before the running one ends (<see cref="CallsInFlight"/>).
/// Waiting texts are grouped by length, so that short texts are not padded to the length of long ones. When a call of
/// several texts fails, each text is embedded alone: a text that makes the encoder throw fails only its own document.
/// </summary>
public sealed class EmbeddingBatcher : IAsyncDisposable, IDisposable
{
    /// <summary>Waiting texts looked at together when grouping by length: a few calls' worth.</summary>
    public const int LookaheadCalls = 4;

    /// <summary>
    /// Encoder calls under way at once. While one call's last runs hold some cores, the next call's runs take the
    /// others, and the next call's wait for company overlaps the running one: with one call at a time the cores idled
    /// at every call's tail and wait (the encoder limits the runs of all calls together to one per core).
    /// </summary>
    public const int CallsInFlight = 2;

    private readonly ITextEncoder encoder;
    private readonly IngestionOptions settings;
    private readonly ILogger<EmbeddingBatcher> logger;
    private readonly IngestionMetrics metrics;
    private readonly BatchingLoop<Pending> loop;

    public EmbeddingBatcher(ITextEncoder encoder, IOptions<IngestionOptions> options, TimeProvider timeProvider, ILogger<EmbeddingBatcher> logger, IngestionMetrics? metrics = null)
    {
        this.metrics = metrics ?? new IngestionMetrics();
        this.encoder = encoder;
        settings = options.Value;
        this.logger = logger;
        loop = new BatchingLoop<Pending>(new BatchingLoop<Pending>.Settings(
            settings.EmbedBatchSize * LookaheadCalls,
            settings.EmbedBatchSize,
            settings.EmbedBatchWait,
            timeProvider,
            _ => true,
            ProcessAsync,
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
            ex => IngestionLog.BatcherStopped(logger, ex),
            CallsInFlight));
    }

    /// <summary>The passage vectors of <paramref name="texts"/>, in order; fails when any of them cannot be embedded.</summary>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        ObjectDisposedException.ThrowIf(loop.IsStopped, this);
        var items = new Pending[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            items[i] = new Pending(texts[i], cancellationToken);
            if (!loop.TryAdd(items[i]))
            {
                // Shut down, or the loop died (logged): a transient failure, so the document is retried.
                throw new InvalidOperationException("The shared embedding batcher is not running.");
            }
        }

        // A stopped run leaves its texts behind: the loop skips them instead of embedding them for no one.
        await using var cancelled = cancellationToken.Register(() =>
        {
            foreach (var item in items)
            {
                item.Result.TrySetCanceled(cancellationToken);
            }
        });
        return await Task.WhenAll(items.Select(i => i.Result.Task));
    }

    /// <summary>For a container disposed synchronously: stops the loop without waiting for it.</summary>
    public void Dispose() => loop.Dispose();

    public ValueTask DisposeAsync() => loop.DisposeAsync();

    private async Task ProcessAsync(List<Pending> window, CancellationToken cancellationToken)
    {
        window.RemoveAll(p => p.Result.Task.IsCompleted);
        foreach (var call in window.OrderBy(p => p.Text.Length).Chunk(settings.EmbedBatchSize))
        {
            await EmbedCallAsync(call, cancellationToken);
        }
    }

    private async Task EmbedCallAsync(Pending[] call, CancellationToken cancellationToken)
    {
        // A call whose documents were all stopped is cancelled, so that a stuck call cannot hold up the documents after it.
        using var callStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = call.Length;
        var registrations = new CancellationTokenRegistration[call.Length];
        try
        {
            for (var i = 0; i < call.Length; i++)
            {
                registrations[i] = call[i].Token.Register(() =>
                {
                    if (Interlocked.Decrement(ref live) == 0)
                    {
                        callStop.Cancel();
                    }
                });
            }

            metrics.EmbedCall(call.Length);
            var vectors = await encoder.EmbedAsync([.. call.Select(p => p.Text)], EmbeddingPurpose.Passage, callStop.Token);
            for (var i = 0; i < call.Length; i++)
            {
                call[i].Result.TrySetResult(vectors[i]);
            }
        }
        catch (OperationCanceledException) when (callStop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            foreach (var item in call)
            {
                item.Result.TrySetCanceled(item.Token);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (call.Length == 1)
            {
                call[0].Result.TrySetException(ex);
                return;
            }

            IngestionLog.SharedBatchFailed(logger, call.Length, ex.GetType());
            foreach (var item in call)
            {
                await EmbedCallAsync([item], cancellationToken);
            }
        }
        finally
        {
            foreach (var registration in registrations)
            {
                await registration.DisposeAsync();
            }
        }
    }

    private sealed class Pending(string text, CancellationToken token)
    {
        public string Text { get; } = text;

        /// <summary>The requesting run's token.</summary>
        public CancellationToken Token { get; } = token;

        public TaskCompletionSource<float[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
