using Hangfire;
using Hangfire.Storage;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

/// <summary><see cref="IIngestionQueue"/> on Hangfire: one queue per lane, jobs and locks in the host's job storage.</summary>
public sealed class HangfireIngestionQueue(IBackgroundJobClient jobs, JobStorage storage, IOptions<IngestionOptions> options) : IIngestionQueue
{
    private const int PageSize = 500;

    public void Enqueue(DocumentRecord document) =>
        jobs.Enqueue<IngestDocumentJob>(IngestionLanes.For(document.SizeBytes, options.Value), job => job.RunAsync(document.Id, CancellationToken.None));

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
