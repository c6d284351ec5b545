using System.Collections.Concurrent;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// The ingestion runs of this process, each with a token that stops it when its document is deleted or a newer version
/// is uploaded. Deleting or uploading in this process stops the run at once (<see cref="Stop"/>); a run in another
/// process (a `worker`) notices within <see cref="IngestionOptions.RunCheckInterval"/>, because every run also looks
/// at its document in the store on that interval.
/// </summary>
public sealed class IngestionRuns(IDocumentStore store, IOptions<IngestionOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, IngestionRun> runs = new(StringComparer.Ordinal);

    /// <summary>Starts watching the run of <paramref name="document"/>'s current version; dispose the run when it ends.</summary>
    public IngestionRun Watch(DocumentRecord document, CancellationToken shutdown)
    {
        var run = new IngestionRun(this, document, shutdown);
        runs[document.Id] = run;
        run.StartChecking(store, options.Value.RunCheckInterval, timeProvider);
        return run;
    }

    /// <summary>Stops this process's run of the document, if one is running (the document was deleted or superseded).</summary>
    public void Stop(string documentId, IngestionRunEnd reason)
    {
        if (runs.TryGetValue(documentId, out var run))
        {
            run.Stop(reason);
        }
    }

    /// <summary>The step this process's run of the document is in, and since when; null when no run of it is here.</summary>
    public (string Step, DateTimeOffset Since)? StepOf(string documentId) =>
        runs.TryGetValue(documentId, out var run) ? run.CurrentStep : null;

    internal void Remove(IngestionRun run) => runs.TryRemove(new KeyValuePair<string, IngestionRun>(run.DocumentId, run));
}
