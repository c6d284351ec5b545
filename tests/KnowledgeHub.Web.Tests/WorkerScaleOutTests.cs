using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Real processes on one PostgreSQL database: a `serve` host that only enqueues and owns the embedded index, and
/// `worker` processes that run the ingestion jobs from Hangfire's PostgreSQL storage. Whether a job ran once is read
/// from Hangfire's own state history (one Processing state per execution, naming the server and so the process)
/// and from the store's attempt counter (one per pipeline run).
/// </summary>
public sealed partial class WorkerScaleOutTests(ITestOutputHelper output) : IDisposable
{
    private const string Tenant = "default";
    private const string ModelId = "all-MiniLM-L6-v2";
    private const int Dimensions = 384;

    // Bounds that only keep a broken build from hanging CI; nothing here measures speed.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    private readonly List<HostProcess> hosts = [];
    private readonly string dataPath = KnowledgeHubServer.NewDataPath();

    [PostgresRequiredFact]
    public async Task Two_worker_processes_share_100_documents_each_processed_exactly_once_all_completed_without_duplicate_chunks()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("kh_workers");
        await RunLoggedAsync(async () =>
        {
            var serve = await StartServeAsync(database);
            var workerA = StartWorker(database, "worker A");
            var workerB = StartWorker(database, "worker B");
            await WaitForJobServersAsync(database, workerA, workerB);

            var ids = await UploadAsync(serve, GeneratedCorpus.Create(100, seed: 7));
            await WaitUntilAllCompletedAsync(database, ids.Count);

            // Exactly once: one pipeline run per document, one Processing state per job, one job per document.
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM documents WHERE attempts <> 1"));
            var executions = await ExecutionsAsync(database);
            Assert.Equal(ids.Order(StringComparer.Ordinal), executions.Select(e => e.DocumentId).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(ids.Count, executions.Count);
            Assert.Equal(ids.Count, executions.Select(e => e.JobId).Distinct().Count());

            // Shared: both processes ran jobs.
            var byProcess = executions.GroupBy(e => e.Pid).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"jobs per worker: A={byProcess.GetValueOrDefault(workerA.Pid)}, B={byProcess.GetValueOrDefault(workerB.Pid)}");
            Assert.True(byProcess.GetValueOrDefault(workerA.Pid) > 0 && byProcess.GetValueOrDefault(workerB.Pid) > 0, $"One worker ran every job: {string.Join(", ", byProcess)}");
            Assert.Equal(ids.Count, byProcess.GetValueOrDefault(workerA.Pid) + byProcess.GetValueOrDefault(workerB.Pid));

            await AssertNoDuplicateChunksAsync(database, serve, ids);
        });
    }

    [PostgresRequiredFact]
    public async Task A_worker_SIGKILLed_mid_job_leaves_the_other_worker_to_finish_every_document_without_duplicate_chunks()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("kh_workers_kill");
        await RunLoggedAsync(async () =>
        {
            var serve = await StartServeAsync(database);
            var survivor = StartWorker(database, "surviving worker");
            var victim = StartWorker(database, "killed worker 1");
            await WaitForJobServersAsync(database, survivor, victim);

            // Uploads run while the test watches the victim, since on a slow machine the workers can finish every
            // document of a batch before its upload returns; a batch that ran out before the victim was caught in a
            // job is followed by another.
            var ids = new List<string>();
            var batch = 0;
            Task<List<string>> UploadBatchAsync()
            {
                // Distinct names and bytes: the same name would make new versions of the first batch's documents.
                var prefix = $"batch{++batch}-";
                return UploadAsync(serve, GeneratedCorpus.Create(40, seed: 10 + batch).Select(d => (prefix + d.FileName, d.Content)).ToList());
            }

            var uploading = UploadBatchAsync();

            // Kill the worker while Hangfire says it is performing a job. A kill can land just after the job ended;
            // then another worker is started and killed, until a kill leaves a job in the Processing state.
            string? cutOffJob = null;
            var killed = new HashSet<int>();
            for (var kill = 1; cutOffJob is null; kill++)
            {
                var job = await WaitForJobProcessedByAsync(database, victim, () => uploading.IsCompleted);
                if (job is null)
                {
                    ids.AddRange(await uploading);
                    Assert.True(batch < 5, $"In {batch} batches of uploads the victim was never seen performing a job.");
                    uploading = UploadBatchAsync();
                    kill--;
                    continue;
                }

                victim.Kill();
                killed.Add(victim.Pid);
                var state = await database.ScalarAsync<string>($"SELECT statename FROM hangfire.job WHERE id = {job}");
                output.WriteLine($"SIGKILL {kill}: job {job} was {state} when the worker died");
                if (state == "Processing")
                {
                    cutOffJob = job;
                }
                else
                {
                    Assert.True(kill < 5, "Five kills never landed inside a job.");
                    victim = StartWorker(database, $"killed worker {kill + 1}");
                    await WaitForJobServersAsync(database, victim);
                }
            }

            ids.AddRange(await uploading);
            await WaitUntilAllCompletedAsync(database, ids.Count);

            // A kill can land after the job's work was stored but before Hangfire recorded its success: the document is
            // then completed already, and the survivor's re-run of the job (after the invisibility timeout) comes later.
            await WaitForJobStateAsync(database, cutOffJob, "Succeeded");
            Assert.False(survivor.HasExited, "The surviving worker exited.");

            // The cut-off job ran again, on the survivor, after its invisibility timeout. A killed worker runs two jobs at
            // a time, so a kill may cut off a second job too: every job ran once, or twice with the first run on a killed
            // worker and the second on the survivor; never more.
            var executions = await ExecutionsAsync(database);
            var rerun = executions.Where(e => e.JobId == cutOffJob).ToList();
            Assert.Equal(2, rerun.Count);
            Assert.Equal(new[] { victim.Pid, survivor.Pid }, rerun.Select(e => e.Pid));
            Assert.Equal("Succeeded", await database.ScalarAsync<string>($"SELECT statename FROM hangfire.job WHERE id = {cutOffJob}"));
            var byJob = executions.GroupBy(e => e.JobId).ToList();
            Assert.Equal(ids.Count, byJob.Count);
            Assert.All(byJob, job => Assert.True(
                job.Count() == 1 || (job.Count() == 2 && killed.Contains(job.First().Pid) && job.Last().Pid == survivor.Pid),
                $"Job {job.Key} ran on {string.Join(", ", job.Select(e => e.Pid))}."));
            var rerunDocuments = byJob.Where(j => j.Count() == 2).Select(j => j.First().DocumentId).ToHashSet();
            var documentsRunTwice = await database.RowsAsync("SELECT id FROM documents WHERE attempts <> 1");
            Assert.All(documentsRunTwice, row => Assert.Contains((string)row[0]!, rerunDocuments));

            await AssertNoDuplicateChunksAsync(database, serve, ids);
        });
    }

    [PostgresRequiredFact]
    public async Task Restarting_serve_with_jobs_already_queued_in_PostgreSQL_adds_no_duplicate_job()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("kh_workers_requeue");
        await RunLoggedAsync(async () =>
        {
            // No worker yet: the jobs wait in PostgreSQL while serve restarts twice, re-queueing unfinished documents.
            var serve = await StartServeAsync(database);
            var ids = await UploadAsync(serve, GeneratedCorpus.Create(5, seed: 3));
            for (var restart = 0; restart < 2; restart++)
            {
                serve.Stop();
                serve = await StartServeAsync(database);
            }

            Assert.Equal(ids.Count, await database.ScalarAsync<long>("SELECT COUNT(*) FROM hangfire.job"));

            // A document whose job was lost (a crash between the store write and the enqueue) is queued at the next start.
            await database.ScalarAsync<long>(
                $"WITH lost AS (DELETE FROM hangfire.jobqueue WHERE jobid = (SELECT MIN(id) FROM hangfire.job) RETURNING jobid) SELECT COUNT(*) FROM lost");
            await database.ScalarAsync<long>("WITH gone AS (UPDATE hangfire.job SET statename = 'Deleted' WHERE id = (SELECT MIN(id) FROM hangfire.job) RETURNING id) SELECT COUNT(*) FROM gone");
            serve.Stop();
            serve = await StartServeAsync(database);
            Assert.Equal(ids.Count + 1, await database.ScalarAsync<long>("SELECT COUNT(*) FROM hangfire.job"));

            var worker = StartWorker(database, "worker");
            await WaitForJobServersAsync(database, worker);
            await WaitUntilAllCompletedAsync(database, ids.Count);
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM documents WHERE attempts <> 1"));
            Assert.Equal(ids.Count, (await ExecutionsAsync(database)).Count);
            await AssertNoDuplicateChunksAsync(database, serve, ids);
        });
    }

    public void Dispose()
    {
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the test.
        }
    }

    /// <summary>Hangfire's ServerId is "name:pid:guid", so a Processing state names the process that ran the job.</summary>
    [GeneratedRegex(@":(\d+):[0-9a-f-]{36}$")]
    private static partial Regex ServerPid();

    [GeneratedRegex("doc_[0-9a-f]{20}")]
    private static partial Regex DocumentIdIn();

    private static string[] CommonArgs(PostgresTestDatabase database) =>
    [
        .. database.HostArgs(),

        // Short, so a dead worker's job is taken over within seconds; live workers keep extending it.
        "--KnowledgeHub:Jobs:InvisibilityTimeout=00:00:05",
        "--KnowledgeHub:Jobs:QueuePollInterval=00:00:00.500",
        "--KnowledgeHub:Ingestion:Workers=1",
        "--KnowledgeHub:Ingestion:IndexPollInterval=00:00:00.200",
    ];

    /// <summary>Every execution of an ingestion job: one Processing state each, in the order they happened.</summary>
    private static async Task<List<Execution>> ExecutionsAsync(PostgresTestDatabase database)
    {
        var rows = await database.RowsAsync(
            "SELECT j.id::text, j.arguments::text, s.data::text FROM hangfire.job j JOIN hangfire.state s ON s.jobid = j.id WHERE s.name = 'Processing' ORDER BY s.id");
        return rows.Select(r => new Execution(
            (string)r[0]!,
            DocumentIdIn().Match((string)r[1]!).Value,
            int.Parse(ServerPid().Match(JsonDocument.Parse((string)r[2]!).RootElement.GetProperty("ServerId").GetString()!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>
    /// A job that <paramref name="worker"/> is performing now; null once <paramref name="uploadsDone"/> holds and no
    /// job is left to run, so the caller can give the workers more work.
    /// </summary>
    private static async Task<string?> WaitForJobProcessedByAsync(PostgresTestDatabase database, HostProcess worker, Func<bool> uploadsDone)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var processing = await database.RowsAsync(
                "SELECT j.id::text, s.data::text FROM hangfire.job j JOIN hangfire.state s ON s.id = j.stateid WHERE j.statename = 'Processing'");
            foreach (var row in processing)
            {
                var serverId = JsonDocument.Parse((string)row[1]!).RootElement.GetProperty("ServerId").GetString()!;
                if (ServerPid().Match(serverId).Groups[1].Value == worker.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    return (string)row[0]!;
                }
            }

            if (uploadsDone() && await database.ScalarAsync<long>("SELECT COUNT(*) FROM hangfire.job WHERE statename IN ('Enqueued', 'Processing')") == 0)
            {
                return null;
            }

            Assert.False(worker.HasExited, "The worker exited before it took a job.");
            Assert.True(clock.Elapsed < Limit, "The worker took no job.");
            await Task.Delay(10);
        }
    }

    private static async Task WaitForJobServersAsync(PostgresTestDatabase database, params HostProcess[] workers)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var servers = (await database.RowsAsync("SELECT id FROM hangfire.server")).Select(r => ServerPid().Match((string)r[0]!).Groups[1].Value).ToHashSet();
            if (workers.All(w => servers.Contains(w.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            {
                return;
            }

            Assert.All(workers, w => Assert.False(w.HasExited, "A worker exited at start."));
            Assert.True(clock.Elapsed < Limit, "The workers never registered as Hangfire servers.");
            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilAllCompletedAsync(PostgresTestDatabase database, int count)
    {
        var clock = Stopwatch.StartNew();
        while (await database.ScalarAsync<long>("SELECT COUNT(*) FROM documents WHERE status = 'completed'") < count)
        {
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM documents WHERE status = 'failed'"));
            if (clock.Elapsed > Limit)
            {
                var states = await database.RowsAsync("SELECT status || '/' || COALESCE(step, '-'), COUNT(*) FROM documents GROUP BY 1 ORDER BY 1");
                var jobs = await database.RowsAsync("SELECT statename, COUNT(*) FROM hangfire.job GROUP BY 1 ORDER BY 1");
                Assert.Fail($"Of {count} documents not all completed. Documents: {string.Join(", ", states.Select(r => $"{r[0]} {r[1]}"))}; "
                    + $"jobs: {string.Join(", ", jobs.Select(r => $"{r[0]} {r[1]}"))}.");
            }

            await Task.Delay(250);
        }
    }

    private static async Task WaitForJobStateAsync(PostgresTestDatabase database, string job, string state)
    {
        var clock = Stopwatch.StartNew();
        while (await database.ScalarAsync<string>($"SELECT statename FROM hangfire.job WHERE id = {job}") != state)
        {
            Assert.True(clock.Elapsed < Limit, $"Job {job} never reached {state}.");
            await Task.Delay(250);
        }
    }

    private static async Task<List<string>> UploadAsync(HostProcess serve, IReadOnlyList<(string FileName, byte[] Content)> corpus)
    {
        var ids = new List<string>();
        foreach (var (fileName, content) in corpus)
        {
            ids.Add((await serve.UploadAsync(fileName, content)).GetProperty("id").GetString()!);
        }

        return ids;
    }

    /// <summary>
    /// Every document's current version is in the store and in the index exactly once: chunk rows with distinct ids and
    /// positions, as many as the documents report, no other version; the same count in the index, per document; and
    /// search never returns a chunk twice.
    /// </summary>
    private async Task AssertNoDuplicateChunksAsync(PostgresTestDatabase database, HostProcess serve, List<string> ids)
    {
        var expected = await database.ScalarAsync<long>("SELECT SUM(chunk_count) FROM documents");
        Assert.True(expected >= ids.Count);
        Assert.Equal(expected, await database.ScalarAsync<long>("SELECT COUNT(*) FROM chunks"));
        Assert.Equal(expected, await database.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM chunks"));
        Assert.Equal(expected, await database.ScalarAsync<long>("SELECT COUNT(DISTINCT (document_id, version, ordinal)) FROM chunks"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.version <> d.version"));

        foreach (var query in new[] { "pump station boiler valve", "harbour crane cargo manifest", "greenhouse water filter" })
        {
            var results = (await serve.SearchAsync(query, top: 50)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunkId").GetString()!).ToList();
            Assert.NotEmpty(results);
            Assert.Equal(results.Count, results.Distinct(StringComparer.Ordinal).Count());
        }

        var chunkCounts = (await database.RowsAsync("SELECT id, chunk_count FROM documents")).ToDictionary(r => (string)r[0]!, r => (int)r[1]!);
        serve.Stop();
        using var index = EmbeddedIndex.Open(Path.Combine(dataPath, "index", ModelId), ModelId, Dimensions);
        Assert.Equal(expected, await index.CountAsync(Tenant));
        foreach (var id in ids)
        {
            Assert.Equal(chunkCounts[id], await index.CountAsync(Tenant, id));
        }
    }

    private async Task<HostProcess> StartServeAsync(PostgresTestDatabase database)
    {
        var serve = HostProcess.Start(dataPath, "serve", CommonArgs(database));
        hosts.Add(serve);
        await serve.WaitUntilAnsweringAsync();
        return serve;
    }

    private HostProcess StartWorker(PostgresTestDatabase database, string label)
    {
        var worker = HostProcess.StartWorker(dataPath, label, CommonArgs(database));
        hosts.Add(worker);
        return worker;
    }

    private async Task RunLoggedAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            foreach (var host in hosts)
            {
                output.WriteLine(host.Output);
            }

            throw;
        }
    }

    private sealed record Execution(string JobId, string DocumentId, int Pid);
}
