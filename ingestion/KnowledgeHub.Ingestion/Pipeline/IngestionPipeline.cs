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
    IngestionRuns runs,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionPipeline> logger,
    IngestionMetrics metrics,
    ChunkingSettings? chunking = null)
{
    /// <summary>The progress step shown while scanned pages or images are read by OCR (within extract).</summary>
    public const string OcrStep = "ocr";

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
        // Names are cleaned at upload; one stored before that may still hold a newline or a bidi override.
        var shownName = LogText.Escape(document.FileName);
        IngestionLog.Started(logger, documentId, shownName, attempt);

        // Every step below runs on the run's token: a delete or a newer version stops the run wherever it is.
        using var run = runs.Watch(document, cancellationToken);
        var token = run.Token;
        ParsedDocument? parsed = null;
        try
        {
            run.Enter("extract", timeProvider.GetUtcNow());
            await Progress(document, "extract", 0, 0, null, token, incrementAttempts: true);
            parsed = await ExtractAsync(document, token);

            steps.Next("chunk");
            run.Enter("chunk", timeProvider.GetUtcNow());
            var chunks = await WithinAsync(
                settings.ChunkTimeout,
                async stepToken =>
                {
                    // The collection's own size and overlap, read now so a change made while the document waited applies.
                    var sizes = chunking is null ? null : (await chunking.ForAsync(document.Tenant, document.Collection, stepToken)).ToOptions();
                    var stored = Chunk(document, parsed, sizes, stepToken);
                    // One write records the chunks and the step after them, "embed" (the record shows "extract" while
                    // the chunker runs: a write less per document). The OCR pages of this version replace those of the
                    // one before (an empty list clears them).
                    await store.ReplaceChunksAsync(document.Id, document.Version, stored, EmbedStarts(document, parsed, stored.Count), stepToken);
                    // Read back: the store hands out the chunks with a person's corrections of these same bytes applied.
                    return (await store.GetChunksAsync(document.Id, stepToken)).Where(c => c.Version == document.Version).ToList();
                },
                () => new DocumentRejectedException(
                    $"Cutting the document into chunks took longer than the limit of {settings.ChunkTimeout.TotalSeconds:F0} seconds (KnowledgeHub:Ingestion:ChunkTimeout)."),
                token);

            // Chunks a person excluded stay stored and listed, but never reach the index.
            var indexable = chunks.Where(c => !c.Excluded).ToList();
            steps.Next("embed");
            run.Enter("embed", timeProvider.GetUtcNow());
            var vectors = await WithinAsync(
                settings.EmbedTimeout,
                stepToken => embedder.EmbedAsync(indexable, (done, total) => EmbedProgress(document, done, total, chunks.Count, stepToken), stepToken),
                () => new DocumentRejectedException(
                    $"Embedding took longer than the limit of {settings.EmbedTimeout.TotalSeconds:F0} seconds (KnowledgeHub:Ingestion:EmbedTimeout)."),
                token);

            if (indexer.HandsOff)
            {
                var handedOff = steps.Stop();
                metrics.Ended(handedOff, "handed_off");
                await indexer.HandOffAsync(document, chunks.Count, handedOff, token);
                IngestionLog.HandedOff(logger, documentId, document.Version, chunks.Count);
                return await HasNewerVersionAsync(document, cancellationToken);
            }

            steps.Next(VersionIndexer.Step);
            run.Enter(VersionIndexer.Step, timeProvider.GetUtcNow());
            await Progress(document, VersionIndexer.Step, 0, chunks.Count, null, token);
            var indexed = await WithinAsync(
                settings.IndexTimeout,
                stepToken => indexer.IndexAsync(document, indexable, vectors, stepToken),
                () => new TimeoutException($"Indexing took longer than the limit of {settings.IndexTimeout.TotalSeconds:F0} seconds (KnowledgeHub:Ingestion:IndexTimeout)."),
                token);
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
        catch (OperationCanceledException) when (run.End is { } end && !cancellationToken.IsCancellationRequested)
        {
            var (outcome, why) = end switch
            {
                IngestionRunEnd.Deleted => ("deleted", "its document was deleted"),
                IngestionRunEnd.Retried => ("retried", "it stalled and was retried"),
                _ => ("superseded", "a newer version was uploaded"),
            };
            metrics.Ended(steps.Stop(end.ToString()), outcome);
            IngestionLog.RunStopped(logger, documentId, document.Version, steps.Current, why);
            if (end == IngestionRunEnd.Deleted)
            {
                await RemoveLeftoversAsync(document);
                return false;
            }

            // The retry queued the version again; this run takes it at once, so a retry job that found it still
            // running and skipped leaves nothing behind.
            if (end == IngestionRunEnd.Retried)
            {
                return true;
            }

            return await HasNewerVersionAsync(document, cancellationToken);
        }
        catch (DocumentRejectedException rejected)
        {
            IngestionLog.Rejected(logger, documentId, rejected.Message);
            await Fail(document, rejected.Message, steps, parsed);
            return await HasNewerVersionAsync(document, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the document stays "processing" and is re-queued at the next start.
            throw;
        }
        catch (Exception ex) when (DiskFull.Is(ex))
        {
            // Not the document's fault: it stays queued, Hangfire retries with back-off, and the periodic re-queue picks
            // it up after that if space is still short. It never fails for it.
            IngestionLog.DiskFull(logger, documentId, steps.Current);
            metrics.Ended(steps.Stop("disk_full"), "retry");
            await TryQueueAgainAsync(document);
            throw;
        }
        catch (Exception ex)
        {
            IngestionLog.StepFailed(logger, ex, documentId, steps.Current, attempt, settings.MaxAttempts);
            if (attempt >= settings.MaxAttempts)
            {
                await Fail(document, $"Ingestion failed at step '{steps.Current}' after {attempt} attempts ({ex.GetType().Name}). The server log has the details; the document can be retried.", steps, parsed);
                return false;
            }

            metrics.Ended(steps.Stop(ex.GetType().Name), "retry");
            await TryQueueAgainAsync(document);
            throw;
        }
    }

    /// <summary>Marks the version queued for its retry; a failure here must not hide the error that is being retried.</summary>
    private async Task TryQueueAgainAsync(DocumentRecord document)
    {
        try
        {
            await store.UpdateProgressAsync(document.Id, new DocumentProgress(DocumentStatus.Queued, Version: document.Version), CancellationToken.None);
        }
        catch (Exception ex)
        {
            IngestionLog.StatusNotWritten(logger, ex, document.Id);
        }
    }

    /// <summary>
    /// What a stopped run may have written after the delete removed the document's rows and entries: its chunks, and its
    /// index entries when it was stopped while indexing. Left alone if the id is back meanwhile (the same file uploaded
    /// again), since that document's run owns it now.
    /// </summary>
    private async Task RemoveLeftoversAsync(DocumentRecord document)
    {
        if (await store.GetByIdAsync(document.Id, CancellationToken.None) is not null)
        {
            return;
        }

        await store.ReplaceChunksAsync(document.Id, document.Version, [], cancellationToken: CancellationToken.None);
        await indexer.RemoveAsync(document, CancellationToken.None);
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
            // Parsers use the name for their log lines only (the parser was chosen by the real name above).
            // OCR reports each page read: the document shows step "ocr", page n of m, while it runs.
            var parsed = await parser.ParseAsync(
                stream,
                LogText.Escape(document.FileName),
                (done, total) =>
                {
                    // OCR bounds each page by Ocr:PageTimeout; the document's limit counts from the last page read,
                    // so a long scan that keeps making progress is not cut off at ExtractTimeout.
                    timeout.CancelAfter(settings.ExtractTimeout);
                    return Progress(document, OcrStep, done, total, null, timeout.Token);
                },
                timeout.Token);
            if (parsed.PageCount > settings.MaxPages)
            {
                throw new DocumentRejectedException(DocumentRejections.TooManyPages(parsed.PageCount ?? 0, settings.MaxPages));
            }

            return parsed;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DocumentRejectedException($"Reading the document took longer than the limit of {settings.ExtractTimeout.TotalSeconds:F0} seconds.");
        }
    }

    private List<StoredChunk> Chunk(DocumentRecord document, ParsedDocument parsed, ChunkingOptions? sizes, CancellationToken cancellationToken)
    {
        var chunks = chunker.Chunk(parsed, sizes, cancellationToken);
        if (chunks.Count == 0)
        {
            throw new DocumentRejectedException("The document contains no text that could be indexed.");
        }

        if (chunks.Count > settings.MaxChunks)
        {
            throw new DocumentRejectedException(
                $"The document makes {chunks.Count} chunks, more than the limit of {settings.MaxChunks} (KnowledgeHub:Ingestion:MaxChunks). Split it, or raise the limit.");
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

    /// <summary>A failure records the pages read before it, as a document that reached its chunk step would have.</summary>
    private Task Fail(DocumentRecord document, string reason, StepClock steps, ParsedDocument? parsed)
    {
        var timings = steps.Stop(reason);
        metrics.Ended(timings, "failed");
        return store.UpdateProgressAsync(
            document.Id,
            new DocumentProgress(DocumentStatus.Failed, Error: reason, PageCount: parsed?.PageCount, Version: document.Version, Steps: timings, OcrPages: parsed is null ? null : parsed.OcrPages ?? []),
            CancellationToken.None);
    }

    private static DocumentProgress EmbedStarts(DocumentRecord document, ParsedDocument parsed, int chunkCount) =>
        new(DocumentStatus.Processing, "embed", 0, chunkCount, PageCount: parsed.PageCount, Version: document.Version, OcrPages: parsed.OcrPages ?? []);

    // Two counts are not written: "0 of all chunks", which the chunks' write recorded, and the last one, which the index
    // step's (or the hand-off's) write follows at once and replaces.
    private Task EmbedProgress(DocumentRecord document, int done, int total, int recordedTotal, CancellationToken cancellationToken) =>
        (done == total && total > 0) || (done == 0 && total == recordedTotal)
            ? Task.CompletedTask
            : Progress(document, "embed", done, total, null, cancellationToken);

    private Task Progress(DocumentRecord document, string step, int done, int total, int? pages, CancellationToken cancellationToken, bool incrementAttempts = false) =>
        store.UpdateProgressAsync(
            document.Id,
            new DocumentProgress(DocumentStatus.Processing, step, done, total, PageCount: pages, IncrementAttempts: incrementAttempts, Version: document.Version),
            cancellationToken);
}
