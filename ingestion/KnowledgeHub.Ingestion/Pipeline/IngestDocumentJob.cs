using Hangfire;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>The Hangfire job. Retries are spent only on transient failures: the pipeline records fatal ones and returns.</summary>
public sealed class IngestDocumentJob(IngestionPipeline pipeline)
{
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [2, 10, 30, 60, 120, 300, 600, 600, 600, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("Ingest document {0}")]
    public Task RunAsync(string documentId, CancellationToken cancellationToken) => pipeline.RunAsync(documentId, cancellationToken);
}
