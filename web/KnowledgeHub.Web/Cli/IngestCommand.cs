using System.Globalization;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Hosting;
using Spectre.Console;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `ingest <files or folders>`: stores each file and runs the same pipeline the server's jobs run, in this process. A
/// `.zip` expands into its files as an upload with `expand=true` does (<see cref="UploadArchive"/>: the same limits and
/// refusals, paths as external ids).
/// </summary>
public static class IngestCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "collection" }, new HashSet<string>());
        if (parsed.Positionals.Count == 0)
        {
            throw new ArgumentException("Usage: ingest <files or folders> [--collection name]");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var services = app.Services;
        var tenant = services.Settings<KnowledgeHubOptions>().DefaultTenant;
        await services.GetRequiredService<IDocumentStore>().InitializeAsync();
        var documents = services.GetRequiredService<DocumentService>();
        var pipeline = services.GetRequiredService<IngestionPipeline>();
        var registry = services.GetRequiredService<ParserRegistry>();
        var parsing = services.Settings<ParsingOptions>();
        var logger = services.GetRequiredService<ILogger<UploadArchive>>();

        var files = ExpandFiles(parsed.Positionals, registry);
        if (files.Count == 0)
        {
            AnsiConsole.MarkupLine("[yellow]No supported files found.[/]");
            return ExitCodes.Failed;
        }

        var results = new List<(string Name, DocumentRecord? Document, string? Refusal)>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var overall = context.AddTask($"Ingesting {files.Count} files", maxValue: files.Count);
                foreach (var file in files)
                {
                    overall.Description = $"[grey]{Markup.Escape(Path.GetFileName(file))}[/]";
                    await using (var stream = File.OpenRead(file))
                    {
                        if (!UploadArchive.IsArchive(file))
                        {
                            var upload = await documents.UploadAsync(tenant, parsed.Value("collection"), Path.GetFileName(file), null, stream, enqueue: false);
                            await pipeline.RunAsync(upload.Document.Id);
                            var document = (await documents.GetAsync(tenant, upload.Document.Id))!;
                            results.Add((document.FileName, document, null));
                        }
                        else
                        {
                            await IngestArchiveAsync(stream, file);
                        }
                    }

                    overall.Increment(1);
                }

                overall.Description = $"Ingested {files.Count} files";
            });

        async Task IngestArchiveAsync(Stream stream, string file)
        {
            UploadArchive archive;
            try
            {
                archive = UploadArchive.Open(stream, parsing, logger, LogText.Escape(Path.GetFileName(file)), CancellationToken.None);
            }
            catch (DocumentRejectedException rejected)
            {
                results.Add((Path.GetFileName(file), null, rejected.Message));
                return;
            }

            using (archive)
            {
                foreach (var entry in archive.Entries)
                {
                    if (entry.Refusal is not null)
                    {
                        results.Add((entry.Path, null, entry.Refusal));
                        continue;
                    }

                    await using var content = entry.Open();
                    var upload = await documents.UploadAsync(tenant, parsed.Value("collection"), entry.FileName, null, content, enqueue: false, externalId: entry.Path);
                    await pipeline.RunAsync(upload.Document.Id);
                    results.Add((entry.Path, (await documents.GetAsync(tenant, upload.Document.Id))!, null));
                }
            }
        }

        var table = new Table().AddColumns("File", "Status", "Chunks", "Reason");
        foreach (var (name, d, refusal) in results)
        {
            if (d is null)
            {
                table.AddRow(Markup.Escape(name), "[red]refused[/]", "", Markup.Escape(refusal ?? ""));
                continue;
            }

            var status = d.Status == DocumentStatus.Completed ? "[green]completed[/]" : $"[red]{d.Status.ToString().ToLowerInvariant()}[/]";
            // The table is read by the person at the terminal, like the rest of the CLI output.
            table.AddRow(Markup.Escape(name), status, d.ChunkCount?.ToString(CultureInfo.CurrentCulture) ?? "", Markup.Escape(d.Error ?? ""));
        }

        AnsiConsole.Write(table);
        return results.All(r => r.Document?.Status == DocumentStatus.Completed) ? 0 : 1;
    }

    private static List<string> ExpandFiles(IEnumerable<string> paths, ParserRegistry registry)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => registry.IsSupported(f) || UploadArchive.IsArchive(f))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new ArgumentException($"No such file or folder: {path}");
            }
        }

        return files;
    }
}
