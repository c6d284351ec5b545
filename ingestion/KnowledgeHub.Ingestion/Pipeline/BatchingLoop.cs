using System.Threading.Channels;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// The loop shared by <see cref="EmbeddingBatcher"/> and <see cref="IndexWriteGroup"/>: callers' items wait in a queue;
/// one loop takes a window of them, waits a little for company when the window is not full, and processes it, while
/// items arriving meanwhile form the next window (processed before the first ends where <see cref="Settings.InFlight"/>
/// allows). On shutdown the items left are cancelled; when the loop itself crashes (a bug, not an item) they fail, and
/// later items are refused instead of waiting for a loop that is gone.
/// </summary>
internal sealed class BatchingLoop<T> : IAsyncDisposable, IDisposable
{
    private readonly Channel<T> waiting = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Lazy<Task> loop;
    private readonly Settings settings;

    /// <param name="settings">How windows are taken and processed, and what happens to items that are never processed.</param>
    public BatchingLoop(Settings settings)
    {
        this.settings = settings;
        loop = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsStopped => stopping.IsCancellationRequested;

    /// <summary>Queues an item (starting the loop at first use); false when the loop is shut down or has crashed.</summary>
    public bool TryAdd(T item)
    {
        _ = loop.Value;
        return waiting.Writer.TryWrite(item);
    }

    /// <summary>For a container disposed synchronously: stops the loop without waiting for it.</summary>
    public void Dispose()
    {
        waiting.Writer.TryComplete();
        if (!stopping.IsCancellationRequested)
        {
            stopping.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        waiting.Writer.TryComplete();
        await stopping.CancelAsync();
        if (loop.IsValueCreated)
        {
            await loop.Value;
        }
    }

    private async Task RunAsync()
    {
        var token = stopping.Token;
        var reader = waiting.Reader;
        var window = new List<T>();
        var inFlight = new List<(Task Task, List<T> Window)>();
        Exception? fault = null;
        try
        {
            while (await reader.WaitToReadAsync(token))
            {
                Take(reader, window);
                if (window.Count < settings.Full && settings.Wait > TimeSpan.Zero)
                {
                    await Task.Delay(settings.Wait, settings.TimeProvider, token);
                    Take(reader, window);
                }

                inFlight.Add((settings.ProcessAsync(window, token), window));
                window = [];
                if (inFlight.Count >= settings.InFlight)
                {
                    // Removed only once it succeeded: a window whose processing threw stays listed, so that its items
                    // are failed below with the rest instead of waiting forever.
                    var done = await Task.WhenAny(inFlight.Select(p => p.Task));
                    await done;
                    inFlight.RemoveAll(p => p.Task == done);
                }
            }

            foreach (var (task, _) in inFlight)
            {
                await task;
            }

            inFlight.Clear();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Shut down: the runs waiting here are being stopped too.
        }
        catch (Exception ex)
        {
            settings.Crashed(ex);
            fault = ex;
            waiting.Writer.TryComplete(ex);
        }
        finally
        {
            // Windows still being processed finish first (an encoder call must not outlive the loop its owner disposes);
            // their items that no result reached end with the rest (ending an item twice does nothing).
            foreach (var (task, processing) in inFlight)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                window.AddRange(processing);
            }

            while (reader.TryRead(out var left))
            {
                window.Add(left);
            }

            foreach (var item in window)
            {
                settings.Abandon(item, fault, token);
            }
        }
    }

    private void Take(ChannelReader<T> reader, List<T> window)
    {
        while (window.Count < settings.Limit && reader.TryRead(out var item))
        {
            if (settings.Accept(item))
            {
                window.Add(item);
            }
        }
    }

    /// <param name="Limit">Most items in one window.</param>
    /// <param name="Full">A window with fewer items waits <paramref name="Wait"/> for more before it is processed.</param>
    /// <param name="Accept">Whether a waiting item joins the window (false drops it: withdrawn by its caller).</param>
    /// <param name="ProcessAsync">Processes one window; throwing stops the loop (a bug).</param>
    /// <param name="Abandon">Ends an item never processed: cancelled on shutdown (fault null), failed after a crash.</param>
    /// <param name="Crashed">Logs the exception that stopped the loop.</param>
    /// <param name="InFlight">Windows processed at once: the next window is taken and started while earlier ones run.</param>
    internal sealed record Settings(
        int Limit,
        int Full,
        TimeSpan Wait,
        TimeProvider TimeProvider,
        Func<T, bool> Accept,
        Func<List<T>, CancellationToken, Task> ProcessAsync,
        Action<T, Exception?, CancellationToken> Abandon,
        Action<Exception> Crashed,
        int InFlight = 1);
}
