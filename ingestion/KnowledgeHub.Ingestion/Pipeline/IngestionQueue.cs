using Hangfire;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>Puts documents on the Hangfire queue.</summary>
public sealed class IngestionQueue(IBackgroundJobClient jobs)
{
    public void Enqueue(string documentId) =>
        jobs.Enqueue<IngestDocumentJob>(job => job.RunAsync(documentId, CancellationToken.None));
}
