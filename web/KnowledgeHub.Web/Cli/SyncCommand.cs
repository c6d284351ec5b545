using KnowledgeHub.Connectors;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Hosting;
using Spectre.Console;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `sync <connector id>`: one run of the connector in this process, ingesting each new version as it goes, with a
/// progress display. A run already held by a live process elsewhere (a server) is left to it.
/// </summary>
public static class SyncCommand
{
    private const string Usage = "Usage: sync <connector id> [--tenant name]";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "tenant" }, new HashSet<string>());
        if (parsed.Positionals.Count != 1)
        {
            throw new ArgumentException(Usage);
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var services = app.Services;
        var tenant = parsed.Value("tenant") ?? services.Settings<KnowledgeHubOptions>().DefaultTenant;
        await services.GetRequiredService<IDocumentStore>().InitializeAsync();
        var store = services.GetRequiredService<IConnectorStore>();
        var sync = services.GetRequiredService<ConnectorSync>();
        var pipeline = services.GetRequiredService<IngestionPipeline>();
        var connector = await store.GetAsync(tenant, parsed.Positionals[0]);
        if (connector is null)
        {
            await Console.Error.WriteLineAsync($"No connector '{parsed.Positionals[0]}' in tenant '{tenant}'.");
            return ExitCodes.Failed;
        }

        var (run, _) = await sync.RequestAsync(connector);
        ConnectorRun? ended = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Syncing {Markup.Escape(connector.Name)}");
                task.IsIndeterminate = true;
                var hooks = new SyncHooks
                {
                    Enqueue = false,
                    AfterUpload = (document, token) => pipeline.RunAsync(document.Id, token),
                    Progress = (uri, counts) => task.Description =
                        $"{counts.Total} items: {counts.Added} added, {counts.Updated} updated, {counts.Deleted} deleted, {counts.Unchanged} unchanged, {counts.Failed} failed",
                };
                ended = await sync.RunAsync(tenant, run.Id, hooks);
                task.StopTask();
            });

        if (ended is null)
        {
            AnsiConsole.MarkupLine($"[yellow]Run {run.Id} is held by another process; it continues there.[/]");
            return ExitCodes.Failed;
        }

        AnsiConsole.MarkupLine(
            $"run {ended.Id}: [bold]{ConnectorKinds.Text(ended.Status)}[/] - {ended.Added} added, {ended.Updated} updated, {ended.Deleted} deleted, {ended.Unchanged} unchanged, {ended.Failed} failed");
        if (ended.Error is not null)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(ended.Error)}[/]");
        }

        foreach (var error in await store.ListErrorsAsync(ended.Id, 20))
        {
            AnsiConsole.MarkupLine($"  [red]{Markup.Escape(error.Uri)}[/]: {Markup.Escape(error.Error)}");
        }

        return ended.Status == ConnectorRunStatus.Completed && ended.Failed == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }
}
