using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Store.Tests;

/// <summary>
/// A backlog of 100,000 queued documents, written straight into the documents table (no originals on disk: the
/// re-queue never opens them; a job whose original is missing records the document as failed with that reason). The
/// re-queue at start and the queue's snapshot behind GET /api/ingestion read it in bounded pages and counts: the
/// store, wrapped in <see cref="RecordingDocumentStore"/>, records the most documents one query returned. The
/// re-queue runs through a counting queue double (100,000 real Hangfire jobs would take the test minutes; the
/// Hangfire queue itself is exercised by the web tests' re-queue on a few documents).
/// </summary>
public abstract class BacklogAtScaleCompliance : IAsyncLifetime
{
    protected const int Backlog = 100_000;

    /// <summary>Queued documents of a second tenant: the re-queue covers every tenant, the counts one.</summary>
    protected const int OtherTenantQueued = 1_000;

    protected const int Processing = 7;

    protected const int CompletedThisMinute = 20;

    protected const int ChunksEach = 3;

    protected const int FailedThisHour = 5;

    protected const int CompletedHoursAgo = 50;

    /// <summary>Queued documents whose job is already pending: the re-queue leaves them alone.</summary>
    protected const int AlreadyPending = 1_000;

    /// <summary>The test's clock: queued rows were created between 10:00 and 10:17, so all are older than now.</summary>
    protected static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private IDocumentStore? store;

    protected IDocumentStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected FakeTimeProvider Time { get; } = new(Now);

    /// <summary>A new, empty, initialized store.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync(TimeProvider timeProvider);

    /// <summary>
    /// Inserts, in one SQL statement each: <see cref="Backlog"/> queued documents "q{n}" of tenant acme and
    /// <see cref="OtherTenantQueued"/> "o{n}" of globex, created at 10:00 plus n mod 997 seconds (many share a second);
    /// <see cref="Processing"/> "p{n}" processing; <see cref="CompletedThisMinute"/> "c{n}" completed at 11:59:30 with
    /// <see cref="ChunksEach"/> chunks; <see cref="FailedThisHour"/> "f{n}" failed at 11:30; <see cref="CompletedHoursAgo"/>
    /// "h{n}" completed at 09:00 (n from 1).
    /// </summary>
    protected abstract Task InsertBacklogAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        store = await CreateStoreAsync(Time);
        await InsertBacklogAsync();
    }

    public Task DisposeAsync() => store is null ? Task.CompletedTask : DisposeStoreAsync();

    [StoreFact]
    public async Task The_queue_snapshot_of_a_100k_backlog_has_exact_counts_and_reads_no_more_documents_than_it_shows()
    {
        var (recording, recorder) = RecordingDocumentStore.Over(Store);
        var options = Options.Create(new IngestionOptions());
        var backlog = new IngestionBacklog(recording, new IngestionRuns(recording, options, Time), new IngestionMetrics(), options, Time);

        var snapshot = await backlog.SnapshotAsync("acme");

        Assert.Equal(Backlog, snapshot.Queued);
        Assert.Equal(Processing, snapshot.ProcessingCount);
        Assert.Equal(Processing, snapshot.Processing.Count);
        Assert.Equal(CompletedThisMinute, snapshot.CompletedLastHour);
        Assert.Equal(FailedThisHour, snapshot.FailedLastHour);
        Assert.Equal(CompletedThisMinute / 60.0, snapshot.DocumentsPerSecond, precision: 9);
        Assert.Equal(CompletedThisMinute * ChunksEach / 60.0, snapshot.ChunksPerSecond, precision: 9);
        Assert.Equal((Backlog + Processing) / (CompletedThisMinute / 60.0), snapshot.EstimatedDrain!.Value.TotalSeconds, precision: 3);
        Assert.Equal(IngestionBacklog.QueuedShown, snapshot.QueuedShown.Count);
        Assert.All(snapshot.QueuedShown, d => Assert.Equal(DocumentStatus.Queued, d.Status));

        // The documents the snapshot lists, and not one more, came out of the store.
        Assert.Equal(IngestionBacklog.QueuedShown + Processing, recorder.RowsRead);
    }

    [StoreFact]
    public async Task The_requeue_at_start_pages_through_a_100k_backlog_and_queues_every_unfinished_document_without_a_job_exactly_once()
    {
        var (recording, recorder) = RecordingDocumentStore.Over(Store);
        var pending = Enumerable.Range(1, AlreadyPending).Select(n => Id("q", n)).ToHashSet(StringComparer.Ordinal);
        var queue = new CountingQueue(pending);
        using var requeuer = new UnfinishedDocumentsRequeuer(
            recording, queue, Options.Create(new IngestionOptions()), Time, NullLogger<UnfinishedDocumentsRequeuer>.Instance);

        await requeuer.StartAsync(CancellationToken.None);
        await requeuer.StopAsync(CancellationToken.None);

        var expected = Enumerable.Range(1, Backlog).Select(n => Id("q", n))
            .Concat(Enumerable.Range(1, OtherTenantQueued).Select(n => Id("o", n)))
            .Concat(Enumerable.Range(1, Processing).Select(n => Id("p", n)))
            .Where(id => !pending.Contains(id))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(0, queue.Duplicates);
        Assert.Equal(expected.Count, queue.Enqueued.Count);
        Assert.True(expected.SetEquals(queue.Enqueued));
        Assert.Equal(1, queue.PendingReads);

        // Only pages came out of the store, each at most PageSize documents, every unfinished row once.
        var reads = Assert.Single(recorder.Reads);
        Assert.Equal(nameof(IDocumentStore.ListUnfinishedPageAsync), reads.Key);
        Assert.Equal(UnfinishedDocumentsRequeuer.PageSize, recorder.LargestRead);
        Assert.Equal(Backlog + OtherTenantQueued + Processing, recorder.RowsRead);
        Assert.Equal((Backlog + OtherTenantQueued + Processing) / UnfinishedDocumentsRequeuer.PageSize + 1, reads.Value.Calls);
    }

    protected static string Id(string prefix, int n) => prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records each document queued, and how many were queued more than once; a fixed set has jobs already.</summary>
    private sealed class CountingQueue(HashSet<string> pending) : IIngestionQueue
    {
        public HashSet<string> Enqueued { get; } = new(StringComparer.Ordinal);

        public int Duplicates { get; private set; }

        public int PendingReads { get; private set; }

        public void Enqueue(DocumentRecord document)
        {
            if (!Enqueued.Add(document.Id))
            {
                Duplicates++;
            }
        }

        public IDisposable LockRequeue(TimeSpan timeout) => new NothingHeld();

        public HashSet<string> DocumentsWithPendingJobs()
        {
            PendingReads++;
            return new HashSet<string>(pending, StringComparer.Ordinal);
        }

        private sealed class NothingHeld : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
