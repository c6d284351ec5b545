using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Pipeline;

internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Ingesting document {DocumentId} ({FileName}), attempt {Attempt}")]
    public static partial void Started(ILogger logger, string documentId, string fileName, int attempt);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Document {DocumentId} completed: {ChunkCount} chunks in {ElapsedMs:F0} ms")]
    public static partial void Completed(ILogger logger, string documentId, int chunkCount, double elapsedMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Document {DocumentId} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string documentId, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Document {DocumentId} failed at step {Step} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void StepFailed(ILogger logger, Exception exception, string documentId, string step, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Re-queued {Count} unfinished documents at start")]
    public static partial void Requeued(ILogger logger, int count);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Document {DocumentId} is {Status}; nothing to do")]
    public static partial void Skipped(ILogger logger, string documentId, string status);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Document {DocumentId} version {Version}: {ChunkCount} chunks stored and embedded, handed to the index owner")]
    public static partial void HandedOff(ILogger logger, string documentId, int version, int chunkCount);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Document {DocumentId} version {Version} indexed from the store: {ChunkCount} chunks in {ElapsedMs:F0} ms")]
    public static partial void Synchronized(ILogger logger, string documentId, int version, int chunkCount, double elapsedMs);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Indexing document {DocumentId} from the store failed; it is tried again at the next poll")]
    public static partial void SynchronizeFailed(ILogger logger, Exception exception, string documentId);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "At start, {Count} unfinished documents already had a pending job and were not queued again")]
    public static partial void AlreadyQueued(ILogger logger, int count);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Document {DocumentId} version {Version}: {Count} of {ChunkCount} chunks look like planted instructions; they are flagged and kept out of answers")]
    public static partial void SuspiciousChunks(ILogger logger, string documentId, int version, int count, int chunkCount);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Ingestion of document {DocumentId} version {Version} stopped at step {Step}: {Reason}")]
    public static partial void RunStopped(ILogger logger, string documentId, int version, string step, string reason);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Document {DocumentId}: the disk is full at step {Step}; the document stays queued and is tried again when space returns")]
    public static partial void DiskFull(ILogger logger, string documentId, string step);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Document {DocumentId}: its status could not be written; the periodic re-queue puts it right")]
    public static partial void StatusNotWritten(ILogger logger, Exception exception, string documentId);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Re-queued {Count} unfinished documents that had no job (a status write lost to a full disk, or a job dropped after its retries)")]
    public static partial void RequeuedLater(ILogger logger, int count);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "The periodic re-queue of unfinished documents failed; it tries again at its next tick")]
    public static partial void RequeueFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "An encoder call of {Count} texts from several documents failed ({ExceptionType}); each text is embedded alone so that only the documents of failing texts fail")]
    public static partial void SharedBatchFailed(ILogger logger, int count, Type exceptionType);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Error, Message = "The shared embedding batcher stopped unexpectedly; waiting embeddings fail and are retried")]
    public static partial void BatcherStopped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "A grouped index write of {Count} documents failed ({ExceptionType}); each document is written alone so that only failing documents fail")]
    public static partial void IndexGroupFailed(ILogger logger, int count, Type exceptionType);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "The grouped index writer stopped unexpectedly; waiting index writes fail and are retried")]
    public static partial void IndexGroupStopped(ILogger logger, Exception exception);
}
