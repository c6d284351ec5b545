using Hangfire;
using KnowledgeHub.Ingestion.Pipeline;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// The Hangfire job. Retries are spent only on transient failures: the pipeline records fatal ones and returns, and it
/// fails the document itself after <see cref="IngestionOptions.MaxAttempts"/>. Hangfire's own limit is therefore set
/// at the largest MaxAttempts allowed, so it never drops a job the pipeline still means to retry; only a full
/// disk, which never fails a document, can use them all up (about 2.5 hours), and the periodic re-queue takes over then.
/// </summary>
public sealed class IngestDocumentJob(IngestionPipeline pipeline)
{
    public const int RetryLimit = IngestionOptions.MaxAttemptsLimit;

    [AutomaticRetry(
        Attempts = RetryLimit,
        DelaysInSeconds = [2, 10, 30, 60, 120, 300, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600],
        OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("Ingest document {0}")]
    public Task RunAsync(string documentId, CancellationToken cancellationToken) => pipeline.RunAsync(documentId, cancellationToken);
}
