using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Tests;

/// <summary>`reindex` on the embedded index, with the real encoder and SQLite store.</summary>
[Collection(ConsoleVerbs.Name)]
public sealed class ReindexCommandTests : IDisposable
{
    private const string Model = "all-MiniLM-L6-v2";

    private readonly TempFolder files = new("kh-reindex-files");
    private readonly string dataPath = KnowledgeHubServer.NewDataPath();

    [Fact]
    public async Task Reindex_rebuilds_a_lost_embedded_index_from_the_store_with_every_current_chunk()
    {
        await IngestAsync();
        var live = new DataPaths(dataPath).IndexFor(Model);
        var before = CountAndSearch(live);
        Assert.True(before.Chunks > 0 && before.SealHits > 0);
        Directory.Delete(live, recursive: true);

        Assert.Equal(0, await CommandLine.RunAsync(["reindex", $"--KnowledgeHub:DataPath={dataPath}"]));

        Assert.Equal(before, CountAndSearch(live));
        Assert.Equal([Model], Directory.GetDirectories(Path.GetDirectoryName(live)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Reindex_leaves_an_index_that_another_process_holds_in_place_and_keeps_the_rebuilt_one()
    {
        await IngestAsync();
        var live = new DataPaths(dataPath).IndexFor(Model);
        var before = CountAndSearch(live);
        int exit;
        using (var held = EmbeddedIndex.Open(live, Model, 384))
        {
            exit = await CommandLine.RunAsync(["reindex", $"--KnowledgeHub:DataPath={dataPath}"]);
            Assert.Equal(before.Chunks, await held.CountAsync("default"));
        }

        Assert.Equal(1, exit);
        var rebuilt = Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(live)!, Model + ".rebuild-*"));
        Assert.Equal(before, CountAndSearch(rebuilt));
        Assert.Equal(before, CountAndSearch(live));
    }

    public void Dispose()
    {
        files.Dispose();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private async Task IngestAsync()
    {
        await File.WriteAllTextAsync(files.File("pumps.md"), "# Pumps\n\nCentrifugal pumps need mechanical seals.\n\n## Valves\n\nGate valves isolate the line.\n");
        await File.WriteAllTextAsync(files.File("boiler.txt"), "Boiler feed water must be treated against scale.\n");
        Assert.Equal(0, await CommandLine.RunAsync(["ingest", files.File("pumps.md"), files.File("boiler.txt"), $"--KnowledgeHub:DataPath={dataPath}"]));
    }

    /// <summary>Chunks of the default tenant, and keyword hits for "seals".</summary>
    private static (int Chunks, int SealHits) CountAndSearch(string folder)
    {
        using var index = EmbeddedIndex.Open(folder, Model, 384);
        var chunks = index.CountAsync("default").GetAwaiter().GetResult();
        var hits = index.SearchAsync(new SearchRequest("seals", null, SearchFilter.ForTenant("default"), Mode: SearchMode.Keyword)).GetAwaiter().GetResult();
        return (chunks, hits.Count);
    }
}
