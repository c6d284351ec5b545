using System.Diagnostics;
using System.Text.Json;
using KnowledgeHub.Retrieval.Embedded;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The host is a separate OS process killed with SIGKILL in the middle of ingesting 300 documents, then started
/// again on the same data folder. What it ends with is compared with a clean run of the same 300 texts: the
/// documents' chunk counts, the chunk rows in SQLite and the entries of the embedded index.
/// </summary>
public sealed class KillAndResumeTests(ITestOutputHelper output) : IDisposable
{
    private const int DocumentCount = 300;
    private const int CompletedBeforeKill = 20;
    private const int MaxKills = 5;
    private const string Tenant = "default";

    // The default encoder; EmbeddedIndex.Open refuses a folder built by another model, so a change shows up here.
    private const string ModelId = "all-MiniLM-L6-v2";
    private const int Dimensions = 384;

    // Bounds that only keep a broken build from hanging CI; nothing here measures speed.
    private static readonly TimeSpan IngestLimit = TimeSpan.FromMinutes(10);

    private static readonly string[] Queries =
    [
        "pump station boiler valve", "cold store refrigerated inventory", "harbour crane cargo manifest",
        "data centre battery bank generator", "greenhouse water filter", "rail yard signal relay audit",
    ];

    private readonly List<HostProcess> hosts = [];
    private readonly List<string> folders = [];

    [Fact]
    public async Task Documents_ingesting_when_the_host_is_SIGKILLed_all_complete_after_restart_with_the_chunks_of_a_clean_run_and_no_duplicates()
    {
        try
        {
            await RunAsync();
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

    public void Dispose()
    {
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        foreach (var folder in folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder must not fail the test.
            }
        }
    }

    private async Task RunAsync()
    {
        var corpus = GeneratedCorpus.Create(DocumentCount, seed: 20261127);
        var clock = Stopwatch.StartNew();

        var (cleanPath, clean) = await CleanRunAsync(corpus);
        output.WriteLine($"clean run: {clean.Values.Sum()} chunks in {DocumentCount} documents ({clock.Elapsed.TotalSeconds:F0} s)");

        var dataPath = NewFolder();
        var host = await StartAsync(dataPath, "killed host");
        foreach (var (fileName, content) in corpus)
        {
            var uploaded = await host.UploadAsync(fileName, content);
            Assert.True(clean.ContainsKey(uploaded.GetProperty("id").GetString()!), $"{fileName} got another id than in the clean run: {uploaded}");
        }

        // Kill while work is in flight: some documents done (they must not be redone into duplicates), some being
        // processed (their chunks may be half written), the rest queued. A kill can land between two jobs, so the
        // host is killed again after its restart until the database shows a run that the kill cut off.
        var interrupted = new List<string>();
        for (var kill = 1; interrupted.Count == 0; kill++)
        {
            var before = await host.ListDocumentsAsync();
            var atKill = await host.WaitForDocumentsAsync(
                d => (Count(d, "completed") >= Count(before, "completed") + CompletedBeforeKill && Count(d, "processing") >= 1) || Unfinished(d) == 0,
                IngestLimit,
                TimeSpan.FromMilliseconds(50));
            host.Kill();
            Assert.True(Unfinished(atKill) > 0, $"Every document finished before kill {kill}; the test would exercise nothing.");
            interrupted = CutOffRuns(dataPath);
            output.WriteLine($"SIGKILL {kill} at {HostProcess.Summarize(atKill)} ({clock.Elapsed.TotalSeconds:F0} s); runs cut off (step): {(interrupted.Count == 0 ? "none" : string.Join(", ", interrupted))}; left behind: {LockFilesIn(dataPath)}");
            Assert.True(kill < MaxKills || interrupted.Count > 0, $"{MaxKills} kills never landed inside an ingestion run.");
            host = await StartAsync(dataPath, $"restart {kill}");
        }

        var final = await host.WaitForDocumentsAsync(d => Unfinished(d) == 0, IngestLimit, TimeSpan.FromMilliseconds(250));
        output.WriteLine($"after restart: {HostProcess.Summarize(final)}; attempts {string.Join(", ", final.GroupBy(d => d.GetProperty("attempts").GetInt32()).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))} ({clock.Elapsed.TotalSeconds:F0} s)");

        Assert.Equal(DocumentCount, final.Count);
        Assert.All(final, d => Assert.True(d.GetProperty("status").GetString() == "completed", $"Not completed after the restart: {d}"));
        foreach (var id in clean.Keys)
        {
            var document = await host.GetDocumentAsync(id);
            Assert.True(clean[id] == document.GetProperty("chunkCount").GetInt32(), $"{id}: clean run {clean[id]} chunks, killed and resumed: {document}");
        }

        var cleanChunks = ReadChunks(cleanPath);
        await AssertSearchHasNoDuplicatesAsync(host, cleanChunks);
        host.Stop();

        var chunks = ReadChunks(dataPath);
        var (rows, distinctIds) = CountChunkRows(dataPath);
        Assert.Equal(clean.Values.Sum(), rows);
        Assert.Equal(rows, distinctIds);
        Assert.Equal(cleanChunks, chunks);

        using var index = EmbeddedIndex.Open(Path.Combine(dataPath, "index", ModelId), ModelId, Dimensions);
        Assert.Equal(clean.Values.Sum(), await index.CountAsync(Tenant));
        foreach (var (id, count) in clean)
        {
            Assert.True(count == await index.CountAsync(Tenant, id), $"{id}: {count} chunks expected in the index, found {await index.CountAsync(Tenant, id)}");
        }
    }

    /// <summary>The same texts into a fresh folder with no kill: the chunk count every document should end with.</summary>
    private async Task<(string DataPath, Dictionary<string, int> ChunkCounts)> CleanRunAsync(IReadOnlyList<(string FileName, byte[] Content)> corpus)
    {
        var dataPath = NewFolder();
        var host = await StartAsync(dataPath, "clean host");
        foreach (var (fileName, content) in corpus)
        {
            await host.UploadAsync(fileName, content);
        }

        var documents = await host.WaitForDocumentsAsync(d => Unfinished(d) == 0, IngestLimit, TimeSpan.FromMilliseconds(250));
        host.Stop();
        Assert.All(documents, d => Assert.True(d.GetProperty("status").GetString() == "completed", $"The clean run did not complete: {d}"));
        var counts = documents.ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("chunkCount").GetInt32(), StringComparer.Ordinal);
        Assert.Equal(DocumentCount, counts.Count);

        // The generator is meant to give one to three chunks per document; more would make the test slower, not better.
        Assert.All(counts.Values, c => Assert.InRange(c, 1, 3));
        Assert.Contains(counts.Values, c => c > 1);
        return (dataPath, counts);
    }

    private static async Task AssertSearchHasNoDuplicatesAsync(HostProcess host, IReadOnlyList<ChunkRow> cleanChunks)
    {
        var cleanText = cleanChunks.ToDictionary(c => c.Id, c => c.Text, StringComparer.Ordinal);
        foreach (var query in Queries)
        {
            var results = (await host.SearchAsync(query, top: 100)).GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(100, results.Count);
            var ids = results.Select(r => r.GetProperty("chunkId").GetString()!).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            foreach (var result in results)
            {
                var id = result.GetProperty("chunkId").GetString()!;
                Assert.True(cleanText.TryGetValue(id, out var text), $"Search returned chunk {id}, which the clean run does not have.");
                Assert.Equal(text, result.GetProperty("text").GetString());
            }
        }
    }

    private static List<ChunkRow> ReadChunks(string dataPath)
    {
        using var connection = OpenDatabase(dataPath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, document_id, version, ordinal, text FROM chunks ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<ChunkRow>();
        while (reader.Read())
        {
            rows.Add(new ChunkRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4)));
        }

        return rows;
    }

    private static (long Rows, long DistinctIds) CountChunkRows(string dataPath)
    {
        using var connection = OpenDatabase(dataPath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT id) FROM chunks";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static SqliteConnection OpenDatabase(string dataPath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, "knowledgehub.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>What the dead host's database says was running when it died: "processing" rows, with their step.</summary>
    private static List<string> CutOffRuns(string dataPath)
    {
        using var connection = OpenDatabase(dataPath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, step FROM documents WHERE status = 'processing' ORDER BY id";
        using var reader = command.ExecuteReader();
        var runs = new List<string>();
        while (reader.Read())
        {
            runs.Add($"{reader.GetString(0)} ({(reader.IsDBNull(1) ? "?" : reader.GetString(1))})");
        }

        return runs;
    }

    private static string LockFilesIn(string dataPath)
    {
        var folder = Path.Combine(dataPath, "index", ModelId);
        var locks = new[] { "knowledgehub.lock", "write.lock" }.Where(name => File.Exists(Path.Combine(folder, name))).ToList();
        return locks.Count == 0 ? "no lock files" : string.Join(", ", locks);
    }

    private static int Unfinished(List<JsonElement> documents) => Count(documents, "queued") + Count(documents, "processing");

    private static int Count(List<JsonElement> documents, string status) =>
        documents.Count(d => d.GetProperty("status").GetString() == status);

    private async Task<HostProcess> StartAsync(string dataPath, string label)
    {
        var host = HostProcess.Start(dataPath, label);
        hosts.Add(host);
        await host.WaitUntilAnsweringAsync();
        return host;
    }

    private string NewFolder()
    {
        var folder = KnowledgeHubServer.NewDataPath();
        folders.Add(folder);
        return folder;
    }

    private sealed record ChunkRow(string Id, string DocumentId, int Version, int Ordinal, string Text);
}
