using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace KnowledgeHub.Web.Cli;

/// <summary>The verbs of the one host: serve (default), ingest, ask, eval, eval-qa, bench.</summary>
public static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length == 0 || args[0].StartsWith('-') ? "serve" : args[0].ToLowerInvariant();
        var rest = args.Length == 0 || args[0].StartsWith('-') ? args : args[1..];
        try
        {
            return verb switch
            {
                "serve" => await ServeAsync(rest),
                "worker" => await WorkerCommand.RunAsync(rest),
                "migrate" => await MigrateCommand.RunAsync(rest),
                "ingest" => await IngestCommand.RunAsync(rest),
                "reindex" => await ReindexCommand.RunAsync(rest),
                "ask" => await AskCommand.RunAsync(rest),
                "export-sft" => await ExportSftCommand.RunAsync(rest),
                "eval" => await EvalCommand.RunAsync(rest),
                "eval-qa" => await EvalQaCommand.RunAsync(rest),
                "eval-answerability" => await EvalAnswerabilityCommand.RunAsync(rest),
                "bench" => await BenchCommand.RunAsync(rest),
                "help" or "--help" or "-h" => Help(),
                _ => Unknown(verb),
            };
        }
        catch (DataFolderInUseException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.DataFolderInUse;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join("; ", ex.Failures)}");
            return ExitCodes.Configuration;
        }
        catch (ArgumentException ex) when (ex is not ArgumentOutOfRangeException and not ArgumentNullException)
        {
            // Bad arguments or input named by the user; a failure inside the product keeps its stack trace.
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Usage;
        }
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
              [bold]ask[/] "<question>"           answer from the ingested documents, with citations
              [bold]export-sft[/] --out f.jsonl    approved answers (thumbs up or corrected) as JSONL for fine-tuning
                                         [[--tenant name]] [[--collection name]]
              [bold]eval[/] <dataset folder>      retrieval quality on a BEIR data set (bm25, dense, hybrid); --json
              [bold]eval-qa[/] <squad json>       grounded answers on a SQuAD file (COVID-QA)
                                         --limit N (questions), --json, --failures file.jsonl
              [bold]eval-answerability[/]         found / not-found on constructed answerable and unanswerable questions, and
                                         the answerability calibration: --squad covidqa.json --beir scifact-folder
                                         [[--per-side N]] [[--distractors N]] [[--dump rows.jsonl]] [[--show-found N]]
              [bold]bench[/] ingest|ask <folder>  ingestion throughput / ask latency on a BEIR corpus
              [bold]bench pdf[/] <folder>         PDF parsing pages/s
              [bold]bench pdf-text[/] <folder>    PDF text fidelity against pdftotext: symbol recall, ASCII stand-ins, char similarity
              [bold]bench html[/]                 single-line HTML pages of 1-32 MB: parse and chunk time by size
              [bold]bench encoder[/] <folder>     encoder texts/s and tokens/s on a BEIR corpus
              [bold]bench scale[/]                embedded index at 1M chunks: build time, memory, search p50/p95
              [bold]bench workers[/] <folder>     ingestion documents/s with --workers N `worker` processes (PostgreSQL jobs)
              [bold]bench load[/] <folder>        N concurrent clients asking over HTTP for D s: errors, p50/p95/p99, req/s
                                         --clients 50 --seconds 60 --docs 200 [[--stream]] [[--url U --key K]]

            All data lives under KnowledgeHub:DataPath (default ./data).
            """);
        return 0;
    }

    private static int Unknown(string verb)
    {
        Console.Error.WriteLine($"Unknown command '{verb}'. Run 'help' for the list of commands.");
        return ExitCodes.Usage;
    }
}
