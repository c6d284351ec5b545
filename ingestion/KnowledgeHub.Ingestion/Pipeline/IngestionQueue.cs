using Hangfire;
using Hangfire.Storage;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>Puts documents on the Hangfire queue, and tells which documents already have a job waiting or running.</summary>
public sealed class IngestionQueue(IBackgroundJobClient jobs, JobStorage storage, IOptions<IngestionOptions> options)
{
    private const int PageSize = 500;

    /// <summary>The queue of documents below <see cref="IngestionOptions.LargeDocumentBytes"/>, taken by every worker.</summary>
    public const string SmallQueue = "default";

    /// <summary>The queue of large documents, taken only by the large lane's workers.</summary>
    public const string LargeQueue = "large";

    /// <summary>Queues the document's current version in the queue that its size calls for.</summary>
    public void Enqueue(DocumentRecord document) =>
        jobs.Enqueue<IngestDocumentJob>(QueueFor(document.SizeBytes), job => job.RunAsync(document.Id, CancellationToken.None));

    public string QueueFor(long sizeBytes) => sizeBytes >= options.Value.LargeDocumentBytes ? LargeQueue : SmallQueue;

    /// <summary>
    /// Holds a lock shared by every process on the same job storage, so that two hosts re-queueing at the same
    /// time cannot both decide that a document lacks a job.
    /// </summary>
    public IDisposable LockRequeue(TimeSpan timeout)
    {
        var connection = storage.GetConnection();
        try
        {
            return new Held(connection, connection.AcquireDistributedLock("knowledgehub:requeue-unfinished", timeout));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Documents with an ingestion job that is enqueued, fetched, processing or scheduled for a retry.</summary>
    public HashSet<string> DocumentsWithPendingJobs()
    {
        var monitoring = storage.GetMonitoringApi();
        var documents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var queue in monitoring.Queues())
        {
            AddAll(documents, (from, count) => monitoring.EnqueuedJobs(queue.Name, from, count).Select(j => j.Value?.Job));
            AddAll(documents, (from, count) => monitoring.FetchedJobs(queue.Name, from, count).Select(j => j.Value?.Job));
        }

        AddAll(documents, (from, count) => monitoring.ProcessingJobs(from, count).Select(j => j.Value?.Job));
        AddAll(documents, (from, count) => monitoring.ScheduledJobs(from, count).Select(j => j.Value?.Job));
        return documents;
    }

    private static void AddAll(HashSet<string> documents, Func<int, int, IEnumerable<Hangfire.Common.Job?>> page)
    {
        for (var from = 0; ; from += PageSize)
        {
            var found = 0;
            foreach (var job in page(from, PageSize))
            {
                found++;
                if (job?.Type == typeof(IngestDocumentJob) && job.Args.Count > 0 && job.Args[0] is string id)
                {
                    documents.Add(id);
                }
            }

            if (found < PageSize)
            {
                return;
            }
        }
    }

    private sealed class Held(IStorageConnection connection, IDisposable distributedLock) : IDisposable
    {
        public void Dispose()
        {
            distributedLock.Dispose();
            connection.Dispose();
        }
    }
}
