using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>One version's run: its token ends on shutdown, on deletion and on a newer version.</summary>
public sealed class IngestionRun : IDisposable
{
    private readonly IngestionRuns owner;
    private readonly CancellationTokenSource stopped;
    private readonly CancellationTokenSource checking = new();
    private readonly int version;
    private int end = -1;

    internal IngestionRun(IngestionRuns owner, DocumentRecord document, CancellationToken shutdown)
    {
        this.owner = owner;
        DocumentId = document.Id;
        version = document.Version;
        stopped = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
    }

    public string DocumentId { get; }

    public CancellationToken Token => stopped.Token;

    /// <summary>The step this run is in and when it entered it; null before the first step.</summary>
    public (string Step, DateTimeOffset Since)? CurrentStep { get; private set; }

    internal void Enter(string step, DateTimeOffset at) => CurrentStep = (step, at);

    /// <summary>Why the run was stopped; null while it runs, and when only shutdown cancelled it.</summary>
    public IngestionRunEnd? End => Volatile.Read(ref end) is var value and >= 0 ? (IngestionRunEnd)value : null;

    public void Stop(IngestionRunEnd reason)
    {
        if (Interlocked.CompareExchange(ref end, (int)reason, -1) == -1)
        {
            try
            {
                stopped.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended meanwhile; nothing left to stop.
            }
        }
    }

    public void Dispose()
    {
        owner.Remove(this);
        checking.Cancel();
        checking.Dispose();
        stopped.Dispose();
    }

    internal void StartChecking(IDocumentStore store, TimeSpan interval, TimeProvider timeProvider)
    {
        var token = checking.Token;
        _ = Task.Run(
            async () =>
            {
                using var timer = new PeriodicTimer(interval, timeProvider);
                try
                {
                    while (await timer.WaitForNextTickAsync(token))
                    {
                        var current = await CurrentAsync(store, token);
                        if (current.Found && current.Document is null)
                        {
                            Stop(IngestionRunEnd.Deleted);
                            return;
                        }

                        if (current.Document is { } document && document.Version > version)
                        {
                            Stop(IngestionRunEnd.Superseded);
                            return;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // The run ended.
                }
            },
            CancellationToken.None);
    }

    /// <summary>The document as the store has it now; not found when the store could not be asked (the run goes on).</summary>
    private async Task<(bool Found, DocumentRecord? Document)> CurrentAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await store.GetByIdAsync(DocumentId, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (false, null);
        }
    }
}
