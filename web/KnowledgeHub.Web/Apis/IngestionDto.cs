using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Web.Apis;

/// <param name="QueuedDocuments">The newest queued documents (at most 20); <paramref name="Queued"/> counts all of them.</param>
/// <param name="EstimatedDrainSeconds">Queued and processing documents at the last minute's rate; null when nothing completed in that minute.</param>
public sealed record IngestionDto(
    DateTimeOffset At,
    int Queued,
    IReadOnlyList<QueuedDocumentDto> QueuedDocuments,
    int ProcessingCount,
    IReadOnlyList<ProcessingDocumentDto> Processing,
    int CompletedLastHour,
    int FailedLastHour,
    ThroughputDto Throughput,
    double? EstimatedDrainSeconds,
    int Stalled,
    double StallAfterSeconds)
{
    public static IngestionDto From(IngestionSnapshot s) => new(
        s.At,
        s.Queued,
        [.. s.QueuedShown.Select(d => new QueuedDocumentDto(d.Id, d.FileName, d.Collection, d.CreatedAt))],
        s.ProcessingCount,
        [.. s.Processing.Select(e => new ProcessingDocumentDto(
            e.Document.Id,
            e.Document.FileName,
            e.Document.Collection,
            e.Step,
            Math.Round(e.InStep.TotalSeconds, 1),
            Math.Round(e.SinceProgress.TotalSeconds, 1),
            e.Attempt,
            e.Document.ProgressDone,
            e.Document.ProgressTotal,
            e.Stalled))],
        s.CompletedLastHour,
        s.FailedLastHour,
        new ThroughputDto(Math.Round(s.ChunksPerSecond, 3), Math.Round(s.DocumentsPerSecond, 3)),
        s.EstimatedDrain is { } drain ? Math.Round(drain.TotalSeconds, 1) : null,
        s.Stalled,
        s.StallAfter.TotalSeconds);
}

public sealed record QueuedDocumentDto(string Id, string FileName, string Collection, DateTimeOffset CreatedAt);

/// <param name="Stalled">No status change for longer than KnowledgeHub:Ingestion:StallAfter; POST /api/documents/{id}/retry queues it again.</param>
public sealed record ProcessingDocumentDto(
    string Id, string FileName, string Collection, string Step, double SecondsInStep, double SecondsSinceProgress, int Attempt, int Done, int Total, bool Stalled);

/// <summary>Over the last minute.</summary>
public sealed record ThroughputDto(double ChunksPerSecond, double DocumentsPerSecond);
