using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>One tenant's ingestion queue at <paramref name="At"/> (<see cref="IngestionBacklog"/>).</summary>
/// <param name="QueuedShown">The newest queued documents, at most <see cref="IngestionBacklog.QueuedShown"/>.</param>
/// <param name="EstimatedDrain">Queued and processing documents at the last minute's rate; null when nothing completed in that minute.</param>
public sealed record IngestionSnapshot(
    DateTimeOffset At,
    int Queued,
    IReadOnlyList<DocumentRecord> QueuedShown,
    int ProcessingCount,
    IReadOnlyList<IngestionEntry> Processing,
    int CompletedLastHour,
    int FailedLastHour,
    double DocumentsPerSecond,
    double ChunksPerSecond,
    TimeSpan? EstimatedDrain,
    int Stalled,
    TimeSpan StallAfter);
