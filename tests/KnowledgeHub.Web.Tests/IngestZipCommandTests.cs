using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeHub.TestSupport;
using KnowledgeHub.Web.Cli;

namespace KnowledgeHub.Web.Tests;

/// <summary>`ingest bundle.zip` expands the archive as an upload with expand=true does: paths as external ids, the same refusals.</summary>
[Collection(ConsoleVerbs.Name)]
public sealed class IngestZipCommandTests : IDisposable
{
    private readonly TempFolder files = new("kh-ingest-zip");
    private readonly string dataPath = KnowledgeHubServer.NewDataPath();

    [Fact]
    public async Task Ingest_expands_a_zip_into_completed_documents_and_refuses_an_entry_that_leaves_the_archive()
    {
        var bundle = files.File("bundle.zip");
        using (var archive = ZipFile.Open(bundle, ZipArchiveMode.Create))
        {
            Write(archive, "manuals/pumps.md", "# Pumps\n\nCentrifugal pumps need mechanical seals.\n");
            Write(archive, "manuals/valves/gate.txt", "Gate valves isolate the line.\n");
            Write(archive, "../outside.txt", "This entry tries to leave the folder.\n");
        }

        // One entry is refused, so the verb reports a failure; the other two are ingested.
        Assert.Equal(1, await CommandLine.RunAsync(["ingest", bundle, $"--KnowledgeHub:DataPath={dataPath}"]));

        await using var server = await KnowledgeHubServer.StartInAsync(dataPath);
        var list = await server.Client.GetFromJsonAsync<JsonElement>("/api/documents");
        var documents = list.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(["gate.txt", "pumps.md"], documents.Select(d => d.GetProperty("fileName").GetString()).Order(StringComparer.Ordinal));
        Assert.All(documents, d => Assert.Equal("completed", d.GetProperty("status").GetString()));
    }

    public void Dispose()
    {
        files.Dispose();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static void Write(ZipArchive archive, string path, string text)
    {
        using var writer = new StreamWriter(archive.CreateEntry(path).Open());
        writer.Write(text);
    }
}
