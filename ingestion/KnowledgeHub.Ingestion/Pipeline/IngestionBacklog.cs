using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// What the ingestion queue holds and how fast it moves, read from the store (so it covers every process, workers
/// included): the tenant's queued and processing documents, what ended recently, the throughput of the last minute
/// and the documents that stalled (processing, no status change for <see cref="IngestionOptions.StallAfter"/>).
/// </summary>
public sealed class IngestionBacklog(
    IDocumentStore store,
    IngestionRuns runs,
    IngestionMetrics metrics,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Queued documents listed by name in a snapshot; the count covers all of them.</summary>
    public const int QueuedShown = 20;

    /// <summary>Processing documents read per step when looking for stalls: far more than any number of workers.</summary>
    private const int ProcessingPerStep = 1000;

    // Every step a processing record can show: "ocr" while scanned pages are read, "chunk" in records written before
    // the chunks and the embed step became one write.
    private static readonly string[] Steps = ["extract", IngestionPipeline.OcrStep, "chunk", "embed", VersionIndexer.Step];

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public TimeSpan StallAfter => options.Value.StallAfter;

    /// <summary>The tenant's queue now.</summary>
    public async Task<IngestionSnapshot> SnapshotAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();

        // Counts come from the database, listed rows are bounded pages: a snapshot costs the same at any backlog.
        var counts = await store.CountIngestionAsync(tenant, now - Hour, now - Minute, cancellationToken);
        var queued = await store.ListPageAsync(tenant, new DocumentQuery { Status = DocumentStatus.Queued, Limit = QueuedShown }, cancellationToken);
        var processing = await store.ListPageAsync(tenant, new DocumentQuery { Status = DocumentStatus.Processing, Limit = DocumentQuery.MaxLimit }, cancellationToken);

        var entries = processing.Documents.Select(d => Entry(d, now)).OrderByDescending(e => e.SinceProgress).ToList();
        var documentsPerSecond = counts.RecentCompleted / Minute.TotalSeconds;
        var waiting = counts.Queued + counts.Processing;
        TimeSpan? drain = waiting == 0 ? TimeSpan.Zero : documentsPerSecond > 0 ? TimeSpan.FromSeconds(waiting / documentsPerSecond) : null;
        return new IngestionSnapshot(
            now,
            counts.Queued,
            queued.Documents,
            counts.Processing,
            entries,
            counts.Completed,
            counts.Failed,
            documentsPerSecond,
            counts.RecentChunks / Minute.TotalSeconds,
            drain,
            entries.Count(e => e.Stalled),
            options.Value.StallAfter);
    }

    /// <summary>Stalled documents of every tenant; also updates the <see cref="IngestionMetrics.StalledName"/> gauge.</summary>
    public async Task<IReadOnlyList<IngestionEntry>> FindStalledAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var stalled = new List<IngestionEntry>();
        foreach (var step in Steps)
        {
            var documents = await store.ListProcessingAtStepAsync(step, ProcessingPerStep, cancellationToken);
            stalled.AddRange(documents.Select(d => Entry(d, now)).Where(e => e.Stalled));
        }

        metrics.ReportStalled(stalled.Count);
        return stalled;
    }

    /// <summary>Whether the document is processing without a status change for longer than <see cref="StallAfter"/>.</summary>
    public bool IsStalled(DocumentRecord document) => IsStalled(document, timeProvider.GetUtcNow());

    private bool IsStalled(DocumentRecord document, DateTimeOffset now) =>
        document.Status == DocumentStatus.Processing && now - document.UpdatedAt > options.Value.StallAfter;

    private IngestionEntry Entry(DocumentRecord document, DateTimeOffset now)
    {
        var sinceProgress = Positive(now - document.UpdatedAt);

        // This process knows when its own runs entered their step; for a run elsewhere the last status change is the best bound.
        var local = runs.StepOf(document.Id);
        var inStep = local is { } here && here.Step == document.Step ? Positive(now - here.Since) : sinceProgress;
        return new IngestionEntry(document, document.Step ?? "extract", inStep, sinceProgress, document.Attempts, IsStalled(document, now));
    }

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
