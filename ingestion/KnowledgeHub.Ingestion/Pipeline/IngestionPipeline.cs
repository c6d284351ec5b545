using System.Collections.Concurrent;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Safety;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// extract -> chunk -> embed -> index for the current version of one document. Every step is idempotent (chunk
/// ids are deterministic, chunks and index entries are replaced, not appended), so a retried or resumed run never
/// duplicates anything. Status writes name the version they belong to, so an older run never overwrites a newer one.
/// </summary>
public sealed class IngestionPipeline(
    IDocumentStore store,
    ContentStore content,
    ParserRegistry parsers,
    TextChunker chunker,
    ChunkEmbedder embedder,
    VersionIndexer indexer,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionPipeline> logger,
    IngestionMetrics metrics)
{
    private readonly IngestionOptions settings = options.Value;
    private readonly ConcurrentDictionary<string, byte> running = new(StringComparer.Ordinal);

    /// <summary>Runs the document to completed or failed. Throws only for transient failures that deserve a retry.</summary>
    public async Task RunAsync(string documentId, CancellationToken cancellationToken = default)
    {
        // One run per document at a time; the run in progress picks up a version uploaded meanwhile.
        if (!running.TryAdd(documentId, 0))
        {
            IngestionLog.Skipped(logger, documentId, "already running");
            return;
        }

        try
        {
            while (await RunOnceAsync(documentId, cancellationToken))
            {
            }
        }
        finally
        {
            running.TryRemove(documentId, out _);
        }
    }

    /// <summary>Returns true when a newer version was queued while this one ran, so the caller runs again.</summary>
    private async Task<bool> RunOnceAsync(string documentId, CancellationToken cancellationToken)
    {
        var document = await store.GetByIdAsync(documentId, cancellationToken);
        if (document is null || document.Status is DocumentStatus.Completed or DocumentStatus.Failed)
        {
            IngestionLog.Skipped(logger, documentId, document is null ? "deleted" : "already " + document.Status);
            return false;
        }

        // A repeated job for a version already handed to the index owner: its chunks and vectors are stored.
        if (indexer.HandsOff && document.Status == DocumentStatus.Processing && document.Step == VersionIndexer.Step)
        {
            IngestionLog.Skipped(logger, documentId, "waiting for the index owner");
            return false;
        }

        var attempt = document.Attempts + 1;
        using var span = KnowledgeHubTelemetry.Source.StartActivity("knowledgehub.ingest");
        span?.SetTag("knowledgehub.document.id", documentId);
        span?.SetTag("knowledgehub.document.version", document.Version);
        span?.SetTag("knowledgehub.ingest.attempt", attempt);
        var steps = new StepClock(timeProvider);
        IngestionLog.Started(logger, documentId, document.FileName, attempt);
        await Progress(document, "extract", 0, 0, null, cancellationToken, incrementAttempts: true);
        try
        {
            var parsed = await ExtractAsync(document, cancellationToken);

            steps.Next("chunk");
            await Progress(document, "chunk", 0, parsed.PageCount ?? 0, parsed.PageCount, cancellationToken);
            var chunks = Chunk(document, parsed);
            await store.ReplaceChunksAsync(document.Id, document.Version, chunks, cancellationToken);

            steps.Next("embed");
            var vectors = await WithinAsync(
                settings.EmbedTimeout,
                token => embedder.EmbedAsync(chunks, (done, total) => Progress(document, "embed", done, total, null, token), token),
                () => new DocumentRejectedException(
                    $"Embedding took longer than the limit of {settings.EmbedTimeout.TotalSeconds:F0} seconds (KnowledgeHub:Ingestion:EmbedTimeout)."),
                cancellationToken);

            if (indexer.HandsOff)
            {
                var handedOff = steps.Stop();
                metrics.Ended(handedOff, "handed_off");
                await indexer.HandOffAsync(document, chunks.Count, handedOff, cancellationToken);
                IngestionLog.HandedOff(logger, documentId, document.Version, chunks.Count);
                return await HasNewerVersionAsync(document, cancellationToken);
            }

            steps.Next(VersionIndexer.Step);
            await Progress(document, VersionIndexer.Step, 0, chunks.Count, null, cancellationToken);
            var indexed = await WithinAsync(
                settings.IndexTimeout,
                token => indexer.IndexAsync(document, chunks, vectors, token),
                () => new TimeoutException($"Indexing took longer than the limit of {settings.IndexTimeout.TotalSeconds:F0} seconds (KnowledgeHub:Ingestion:IndexTimeout)."),
                cancellationToken);
            if (!indexed)
            {
                return await HasNewerVersionAsync(document, cancellationToken);
            }

            var timings = steps.Stop();
            metrics.Ended(timings, "completed");
            await store.UpdateProgressAsync(
                documentId,
                new DocumentProgress(DocumentStatus.Completed, ProgressDone: chunks.Count, ProgressTotal: chunks.Count, ChunkCount: chunks.Count, Version: document.Version, Steps: timings),
                cancellationToken);
            var totalMs = timings.Sum(t => t.Milliseconds);
            IngestionLog.Completed(logger, documentId, chunks.Count, totalMs);
            return await HasNewerVersionAsync(document, cancellationToken);
        }
        catch (DocumentRejectedException rejected)
        {
            IngestionLog.Rejected(logger, documentId, rejected.Message);
            await Fail(document, rejected.Message, steps);
            return await HasNewerVersionAsync(document, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the document stays "processing" and is re-queued at the next start.
            throw;
        }
        catch (Exception ex)
        {
            IngestionLog.StepFailed(logger, ex, documentId, steps.Current, attempt, settings.MaxAttempts);
            if (attempt >= settings.MaxAttempts)
            {
                await Fail(document, $"Ingestion failed at step '{steps.Current}' after {attempt} attempts ({ex.GetType().Name}). The server log has the details; the document can be retried.", steps);
                return false;
            }

            metrics.Ended(steps.Stop(ex.GetType().Name), "retry");

            await store.UpdateProgressAsync(documentId, new DocumentProgress(DocumentStatus.Queued, Version: document.Version), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Runs one step under its own time limit; the step's limit, not the caller's shutdown, raises <paramref name="onTimeout"/>.</summary>
    private static async Task<T> WithinAsync<T>(TimeSpan limit, Func<CancellationToken, Task<T>> step, Func<Exception> onTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await step(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw onTimeout();
        }
    }

    private async Task<ParsedDocument> ExtractAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        if (document.SizeBytes == 0)
        {
            throw new DocumentRejectedException("The file is empty.");
        }

        var parser = parsers.Resolve(document.FileName);
        if (!content.Exists(document.ContentHash))
        {
            throw new DocumentRejectedException("The stored original of this document is missing; upload it again.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ExtractTimeout);
        try
        {
            await using var stream = content.OpenRead(document.ContentHash);
            var parsed = await parser.ParseAsync(stream, document.FileName, timeout.Token);
            if (parsed.PageCount > settings.MaxPages)
            {
                throw new DocumentRejectedException(
                    $"The document has {parsed.PageCount} pages, more than the limit of {settings.MaxPages} (KnowledgeHub:Ingestion:MaxPages).");
            }

            return parsed;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DocumentRejectedException($"Reading the document took longer than the limit of {settings.ExtractTimeout.TotalSeconds:F0} seconds.");
        }
    }

    private List<StoredChunk> Chunk(DocumentRecord document, ParsedDocument parsed)
    {
        var chunks = chunker.Chunk(parsed);
        if (chunks.Count == 0)
        {
            throw new DocumentRejectedException("The document contains no text that could be indexed.");
        }

        var stored = chunks.Select(c => new StoredChunk(
            ChunkId.For(document.Id, document.Version, c.Ordinal), document.Id, document.Version, c.Ordinal, c.Page, c.HeadingPath, c.Text, c.TokenCount, c.Box,
            PlantedInstructionDetector.Detect(c.Text))).ToList();
        var suspicious = stored.Count(c => c.Suspicious is not null);
        if (suspicious > 0)
        {
            IngestionLog.SuspiciousChunks(logger, document.Id, document.Version, suspicious, stored.Count);
        }

        return stored;
    }

    private async Task<bool> HasNewerVersionAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        var current = await store.GetByIdAsync(document.Id, cancellationToken);
        return current is not null && current.Version > document.Version && current.Status == DocumentStatus.Queued;
    }

    private Task Fail(DocumentRecord document, string reason, StepClock steps)
    {
        var timings = steps.Stop(reason);
        metrics.Ended(timings, "failed");
        return store.UpdateProgressAsync(document.Id, new DocumentProgress(DocumentStatus.Failed, Error: reason, Version: document.Version, Steps: timings), CancellationToken.None);
    }

    private Task Progress(DocumentRecord document, string step, int done, int total, int? pages, CancellationToken cancellationToken, bool incrementAttempts = false) =>
        store.UpdateProgressAsync(
            document.Id,
            new DocumentProgress(DocumentStatus.Processing, step, done, total, PageCount: pages, IncrementAttempts: incrementAttempts, Version: document.Version),
            cancellationToken);
}
