using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KnowledgeHub.Connectors;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench sync [--files 5000] [--resyncs 3]`: a folder connector over generated Markdown files in a fresh data folder.
/// The first sync uploads every file and runs the whole pipeline (parse, chunk, embed with the configured encoder,
/// index) in this process; each re-sync with nothing changed must cost no download, parsing or embedding, and the
/// command checks that (counts, encoder untouched) besides timing it (no pipeline run, so no parse and no embedding).
/// </summary>
public static class BenchSyncCommand
{
    private const string Usage = "Usage: bench sync [--files 5000] [--resyncs 3] [--no-ingest]";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "files", "resyncs" }, new HashSet<string> { "no-ingest" });
        var ingest = !parsed.Has("no-ingest");
        var files = int.Parse(parsed.Value("files") ?? "5000", CultureInfo.InvariantCulture);
        var resyncs = int.Parse(parsed.Value("resyncs") ?? "3", CultureInfo.InvariantCulture);
        if (parsed.Positionals.Count != 0 || files < 1 || resyncs < 1)
        {
            throw new ArgumentException(Usage);
        }

        var scratch = Path.Combine(Path.GetTempPath(), "kh-bench-sync-" + Guid.NewGuid().ToString("N"));
        var share = Directory.CreateDirectory(Path.Combine(scratch, "share")).FullName;
        try
        {
            Generate(share, files);
            string[] configuration =
            [
                $"--KnowledgeHub:DataPath={Path.Combine(scratch, "data")}", $"--KnowledgeHub:Connectors:Folder:AllowedRoots:0={share}", .. parsed.Configuration,
            ];
            await using var app = KnowledgeHubApp.CreateTool(configuration);
            var services = app.Services;
            await services.GetRequiredService<IDocumentStore>().InitializeAsync();
            var encoder = services.GetRequiredService<ITextEncoder>();
            var pipeline = services.GetRequiredService<IngestionPipeline>();
            var store = services.GetRequiredService<IConnectorStore>();
            var sync = services.GetRequiredService<ConnectorSync>();
            var tenant = services.Settings<KnowledgeHubOptions>().DefaultTenant;
            var connector = new ConnectorRecord
            {
                Id = "con_bench",
                Tenant = tenant,
                Name = "bench",
                Kind = ConnectorKind.Folder,
                Collection = "bench",
                Settings = JsonSerializer.Serialize(new { path = share }),
                CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            };
            await store.AddAsync(connector);
            await encoder.EmbedAsync(["warm up"], EmbeddingPurpose.Passage); // the model loads before the clock starts

            var ingested = 0;
            var hooks = new SyncHooks
            {
                Enqueue = false,
                AfterUpload = async (document, token) =>
                {
                    if (ingest)
                    {
                        await pipeline.RunAsync(document.Id, token);
                        ingested++;
                    }
                },
            };
            Console.WriteLine($"bench sync: {files} Markdown files, encoder {encoder.ModelId}, {Environment.ProcessorCount} cores"
                + (ingest ? string.Empty : "; first sync uploads only (documents stored and left queued, no parse or embed)"));
            Console.WriteLine("| run | items | added | unchanged | ingested | seconds | items/s |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            var first = await TimeAsync(sync, connector, hooks);
            Report("first sync", first.Run, ingested, first.Seconds);
            if (first.Run.Added != files)
            {
                await Console.Error.WriteLineAsync($"The first sync added {first.Run.Added} of {files} files.");
                return ExitCodes.Failed;
            }

            for (var i = 1; i <= resyncs; i++)
            {
                ingested = 0;
                var again = await TimeAsync(sync, connector, hooks);
                Report($"unchanged re-sync {i}", again.Run, ingested, again.Seconds);
                if (again.Run.Unchanged != files || ingested != 0)
                {
                    await Console.Error.WriteLineAsync("A re-sync with nothing changed did more than mark items unchanged.");
                    return ExitCodes.Failed;
                }
            }

            return ExitCodes.Success;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // A leftover scratch folder is only disk space.
            }
        }
    }

    private static async Task<(ConnectorRun Run, double Seconds)> TimeAsync(ConnectorSync sync, ConnectorRecord connector, SyncHooks hooks)
    {
        var clock = Stopwatch.StartNew();
        var (run, _) = await sync.RequestAsync(connector);
        var ended = await sync.RunAsync(connector.Tenant, run.Id, hooks) ?? throw new InvalidOperationException("The run was held elsewhere.");
        return (ended, clock.Elapsed.TotalSeconds);
    }

    private static void Report(string name, ConnectorRun run, int ingested, double seconds)
    {
        var items = run.Added + run.Updated + run.Unchanged + run.Deleted + run.Failed;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"| {name} | {items} | {run.Added} | {run.Unchanged} | {ingested} | {seconds:F2} | {items / seconds:F0} |"));
    }

    /// <summary>Files of a few paragraphs each, in folders of 100, all different.</summary>
    private static void Generate(string root, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var folder = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"part-{i / 100:D3}"));
            Directory.CreateDirectory(folder);
            File.WriteAllText(
                Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"note-{i:D5}.md")),
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"# Note {i}\n\nPump station {i % 97} needs a new seal every {i % 5 + 1} years; valve {i} was last checked in week {i % 52}.\n\n"
                    + $"## Inventory\n\nBin {i % 500} holds {i % 13} filters and {i % 7} gaskets for line {i % 31}.\n"));
        }
    }
}
