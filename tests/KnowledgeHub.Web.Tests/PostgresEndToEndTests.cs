using System.Text;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The first issue's end-to-end path with documents in PostgreSQL (store provider `postgres`) and the embedded index:
/// once with in-process jobs, once with Hangfire on PostgreSQL and the jobs run by a `worker` process, which
/// hands each version to the serving host's index; and, as the baseline, on SQLite.
/// </summary>
public sealed class PostgresEndToEndTests(ITestOutputHelper output)
{
    /// <summary>The same path on the embedded default (SQLite, in-process jobs): the baseline of the timings in docs/benchmarks.md.</summary>
    [Fact]
    public async Task Upload_ingest_search_and_ask_work_with_the_SQLite_store()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        await UploadIngestAndAskAsync(server);
    }

    [PostgresRequiredFact]
    public async Task Upload_ingest_search_and_ask_work_with_the_PostgreSQL_store()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("kh_web");
        await using (var server = await KnowledgeHubServer.StartAsync(database.HostArgs(postgresJobs: false)))
        {
            await UploadIngestAndAskAsync(server);
        }

        // The rows really are in PostgreSQL, not in a SQLite file.
        Assert.True(await database.ScalarAsync<long>("SELECT COUNT(*) FROM chunks") > 0);
    }

    [PostgresRequiredFact]
    public async Task Upload_ingest_search_and_ask_work_with_PostgreSQL_jobs_run_by_a_separate_worker()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("kh_web_jobs");
        var dataPath = KnowledgeHubServer.NewDataPath();
        await using (var server = await KnowledgeHubServer.StartInAsync(dataPath, database.HostArgs()))
        {
            using var worker = HostProcess.StartWorker(dataPath, "worker", database.HostArgs());
            try
            {
                await UploadIngestAndAskAsync(server);

                // The worker's two lanes are the only job servers. The serving host only enqueues (KnowledgeHub:Jobs:ServeRunsWorkers).
                Assert.Equal(2L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM hangfire.server"));
                Assert.Equal(2L, await database.ScalarAsync<long>($"SELECT COUNT(*) FROM hangfire.server WHERE id LIKE '%:{worker.Pid}:%'"));
            }
            catch
            {
                output.WriteLine(worker.Output);
                throw;
            }
        }

        // The job went through Hangfire's tables in PostgreSQL.
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM hangfire.job WHERE statename = 'Succeeded'"));
    }

    private static async Task UploadIngestAndAskAsync(KnowledgeHubServer server)
    {
        var uploaded = await server.UploadAsync("orchard.txt", Encoding.UTF8.GetBytes(
            "Apple trees are pruned in late winter, before the buds open.\n\nPears ripen off the tree after picking."));
        var id = uploaded.GetProperty("id").GetString()!;
        Assert.Equal("completed", (await server.WaitForEndAsync(id)).GetProperty("status").GetString());

        var answer = await server.PostJsonAsync("/api/ask", new { question = "When are apple trees pruned?" });
        Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentId").GetString() == id);
    }
}
