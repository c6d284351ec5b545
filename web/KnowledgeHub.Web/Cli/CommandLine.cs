using KnowledgeHub.Web.Hosting;
using Spectre.Console;

namespace KnowledgeHub.Web.Cli;

/// <summary>The verbs of the product's host: serve (default), worker, migrate, ingest, reindex, calibrate, sync, ask, export-sft.</summary>
public static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length == 0 || args[0].StartsWith('-') ? "serve" : args[0].ToLowerInvariant();
        var rest = args.Length == 0 || args[0].StartsWith('-') ? args : args[1..];
        return await CommandErrors.RunAsync(async () => verb switch
        {
            "serve" => await ServeAsync(rest),
            "worker" => await WorkerCommand.RunAsync(rest),
            "migrate" => await MigrateCommand.RunAsync(rest),
            "ingest" => await IngestCommand.RunAsync(rest),
            "reindex" => await ReindexCommand.RunAsync(rest),
            "calibrate" => await CalibrateCommand.RunAsync(rest),
            "sync" => await SyncCommand.RunAsync(rest),
            "ask" => await AskCommand.RunAsync(rest),
            "export-sft" => await ExportSftCommand.RunAsync(rest),
            "help" or "--help" or "-h" => Help(),
            _ => CommandErrors.UnknownVerb(verb),
        });
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        await using var app = KnowledgeHubApp.CreateServer(args);
        await app.RunAsync();
        return 0;
    }

    private static int Help()
    {
        AnsiConsole.MarkupLine("""
            [bold]KnowledgeHub[/] - answers from your documents, with citations

            Usage: KnowledgeHub.Web [[verb]] [[arguments]] [[--KnowledgeHub:Key=value ...]]

              [bold]serve[/]                      API + portal (default verb); --urls http://127.0.0.1:5080
              [bold]worker[/]                     ingestion jobs only, from PostgreSQL (KnowledgeHub:Jobs:Provider=postgres); run several
              [bold]migrate[/]                    bring the PostgreSQL schemas (store, jobs) up to date, then exit
              [bold]ingest[/] <files|folders>     ingest documents into --collection (default 'default')
              [bold]reindex[/]                    re-embed every current chunk from the store into a new index, then swap it in
                                         (Qdrant: alias swap, no downtime; embedded: server stopped) [[--tenant a,b]] [[--force]]
              [bold]calibrate[/]                  measure the encoder's similarity scale and store the relevance gate's and
                                         sentence verifier's thresholds beside the model (read at every start)
                                         [[--collection name]] [[--tenant name]] | [[--beir folder]] [[--questions N]] [[--dry-run]]
              [bold]sync[/] <connector id>        run one sync of a connector in the foreground [[--tenant name]]
              [bold]ask[/] "<question>"           answer from the ingested documents, with citations
              [bold]export-sft[/] --out f.jsonl    approved answers (thumbs up or corrected) as JSONL for fine-tuning
                                         [[--tenant name]] [[--collection name]]

            Evaluation and benchmarks (eval, eval-qa, eval-answerability, bench) are a separate tool:
              dotnet run --project web/KnowledgeHub.Bench -- help

            All data lives under KnowledgeHub:DataPath (default ./data).
            """);
        return 0;
    }
}
