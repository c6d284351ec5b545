using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Connectors;

/// <summary>How a run hands documents to ingestion and reports progress.</summary>
public sealed class SyncHooks
{
    /// <summary>The server's way: each new version is queued for the ingestion workers.</summary>
    public static SyncHooks Queued { get; } = new();

    /// <summary>False when the caller runs the pipeline itself (<see cref="AfterUpload"/>; the command line, tests).</summary>
    public bool Enqueue { get; init; } = true;

    /// <summary>Called after each upload that made a new document or version.</summary>
    public Func<DocumentRecord, CancellationToken, Task>? AfterUpload { get; init; }

    /// <summary>Called after each item with the uri and the run's counts so far in this process.</summary>
    public Action<string, SyncCounts>? Progress { get; init; }
}

/// <summary>What one process of a run has done so far (a taken-over run's earlier counts are in the store).</summary>
public sealed record SyncCounts(int Added, int Updated, int Deleted, int Unchanged, int Failed)
{
    public int Total => Added + Updated + Deleted + Unchanged + Failed;
}
