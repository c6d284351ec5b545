using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// extract -> chunk -> embed -> index for one document. Every step is idempotent (chunk ids are deterministic,
/// chunks and index entries are replaced, not appended), so a retried or resumed run never duplicates anything.
/// </summary>
public sealed class IngestionPipeline(
    IDocumentStore store,
    ContentStore content,
    ParserRegistry parsers,
    TextChunker chunker,
    ITextEncoder encoder,
    ISearchIndex index,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionPipeline> logger)
{
    private readonly IngestionOptions settings = options.Value;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> running = new(StringComparer.Ordinal);

    /// <summary>Runs the document to completed or failed. Throws only for transient failures that deserve a retry.</summary>
    public async Task RunAsync(string documentId, CancellationToken cancellationToken = default)
    {
        // A document can be enqueued twice (re-queued at start and retried by hand); one run at a time is enough.
        if (!running.TryAdd(documentId, 0))
        {
            IngestionLog.Skipped(logger, documentId, "already running");
            return;
        }

        try
        {
            await RunOnceAsync(documentId, cancellationToken);
        }
        finally
        {
            running.TryRemove(documentId, out _);
        }
    }

    private async Task RunOnceAsync(string documentId, CancellationToken cancellationToken)
    {
        var document = await store.GetByIdAsync(documentId, cancellationToken);
        if (document is null || document.Status is DocumentStatus.Completed or DocumentStatus.Failed)
        {
            IngestionLog.Skipped(logger, documentId, document is null ? "deleted" : "already " + document.Status);
            return;
        }

        var attempt = document.Attempts + 1;
        var started = timeProvider.GetTimestamp();
        var step = "extract";
        IngestionLog.Started(logger, documentId, document.FileName, attempt);
        await store.UpdateProgressAsync(documentId, new DocumentProgress(DocumentStatus.Processing, step, 0, 0, IncrementAttempts: true), cancellationToken);
        try
        {
            var parsed = await ExtractAsync(document, cancellationToken);

            step = "chunk";
            await Progress(documentId, step, 0, parsed.PageCount ?? 0, parsed.PageCount, cancellationToken);
            var chunks = chunker.Chunk(parsed);
            if (chunks.Count == 0)
            {
                throw new DocumentRejectedException("The document contains no text that could be indexed.");
            }

            var stored = chunks.Select(c => new StoredChunk(
                ChunkId.For(document.Id, document.Version, c.Ordinal), document.Id, document.Version, c.Ordinal, c.Page, c.HeadingPath, c.Text, c.TokenCount)).ToList();
            await store.ReplaceChunksAsync(document.Id, document.Version, stored, cancellationToken);

            step = "embed";
            var vectors = await EmbedAsync(document.Id, stored, cancellationToken);

            step = "index";
            await Progress(documentId, step, 0, stored.Count, null, cancellationToken);
            var indexed = stored.Select((c, i) => new IndexedChunk(
                c.Id, document.Tenant, document.Collection, document.Id, document.Version, document.FileName, c.Page, c.Ordinal, c.Text, c.HeadingPath, vectors[i])).ToList();
            await index.UpsertAsync(indexed, cancellationToken);
            await index.DeleteOlderVersionsAsync(document.Tenant, document.Id, document.Version, cancellationToken);

            await store.UpdateProgressAsync(documentId, new DocumentProgress(DocumentStatus.Completed, ProgressDone: stored.Count, ProgressTotal: stored.Count, ChunkCount: stored.Count), cancellationToken);
            var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            IngestionLog.Completed(logger, documentId, stored.Count, elapsed);
        }
        catch (DocumentRejectedException rejected)
        {
            IngestionLog.Rejected(logger, documentId, rejected.Message);
            await store.UpdateProgressAsync(documentId, new DocumentProgress(DocumentStatus.Failed, Error: rejected.Message), CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the document stays "processing" and is re-queued at the next start.
            throw;
        }
        catch (Exception ex)
        {
            IngestionLog.StepFailed(logger, ex, documentId, step, attempt, settings.MaxAttempts);
            if (attempt >= settings.MaxAttempts)
            {
                var reason = $"Ingestion failed at step '{step}' after {attempt} attempts ({ex.GetType().Name}). The server log has the details; the document can be retried.";
                await store.UpdateProgressAsync(documentId, new DocumentProgress(DocumentStatus.Failed, Error: reason), CancellationToken.None);
                return;
            }

            await store.UpdateProgressAsync(documentId, new DocumentProgress(DocumentStatus.Queued), CancellationToken.None);
            throw;
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
            return await parser.ParseAsync(stream, document.FileName, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DocumentRejectedException($"Reading the document took longer than the limit of {settings.ExtractTimeout.TotalSeconds:F0} seconds.");
        }
    }

    private async Task<float[][]> EmbedAsync(string documentId, List<StoredChunk> chunks, CancellationToken cancellationToken)
    {
        var vectors = new float[chunks.Count][];
        await Progress(documentId, "embed", 0, chunks.Count, null, cancellationToken);
        for (var offset = 0; offset < chunks.Count; offset += settings.EmbedBatchSize)
        {
            var batch = chunks.GetRange(offset, Math.Min(settings.EmbedBatchSize, chunks.Count - offset)).ConvertAll(EmbeddingText);
            var embedded = await encoder.EmbedAsync(batch, EmbeddingPurpose.Passage, cancellationToken);
            embedded.CopyTo(vectors, offset);
            await Progress(documentId, "embed", Math.Min(offset + batch.Count, chunks.Count), chunks.Count, null, cancellationToken);
        }

        return vectors;
    }

    // The heading path gives a chunk its context ("3 Methods > 3.2 Data"); the chunker already prefixes headings
    // that start a chunk, so only add it when the chunk does not begin with it.
    private static string EmbeddingText(StoredChunk chunk) =>
        chunk.HeadingPath is { Length: > 0 } heading && !chunk.Text.StartsWith(heading, StringComparison.Ordinal)
            ? heading + "\n" + chunk.Text
            : chunk.Text;

    private Task Progress(string documentId, string step, int done, int total, int? pages, CancellationToken cancellationToken) =>
        store.UpdateProgressAsync(documentId, new DocumentProgress(DocumentStatus.Processing, step, done, total, PageCount: pages), cancellationToken);
}
