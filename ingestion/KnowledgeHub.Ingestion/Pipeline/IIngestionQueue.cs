using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// The seam to the job system that runs <see cref="IngestionPipeline"/> for queued documents (Hangfire, in the host):
/// queue a document in its lane, and tell which documents already have a job waiting or running.
/// </summary>
public interface IIngestionQueue
{
    /// <summary>Queues the document's current version in the lane its size calls for (<see cref="IngestionLanes"/>).</summary>
    void Enqueue(DocumentRecord document);

    /// <summary>
    /// Holds a lock shared by every process on the same job storage, so that two hosts re-queueing at the same time
    /// cannot both decide that a document lacks a job.
    /// </summary>
    IDisposable LockRequeue(TimeSpan timeout);

    /// <summary>Documents with an ingestion job that is waiting, running or scheduled for a retry.</summary>
    HashSet<string> DocumentsWithPendingJobs();
}
