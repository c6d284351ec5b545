using KnowledgeHub.Web.Cli;
using Spectre.Console;

namespace KnowledgeHub.Bench;

/// <summary>
/// The verbs of the evaluation and benchmark tool: eval, eval-qa, eval-answerability, bench. It hosts the product
/// in-process with the product's own wiring, so what it measures is what ships.
/// </summary>
public static class BenchCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length == 0 ? "help" : args[0].ToLowerInvariant();
        var rest = args.Length == 0 ? args : args[1..];
        return await CommandErrors.RunAsync(async () => verb switch
        {
            "eval" => await EvalCommand.RunAsync(rest),
            "eval-qa" => await EvalQaCommand.RunAsync(rest),
            "eval-answerability" => await EvalAnswerabilityCommand.RunAsync(rest),
            "bench" => await BenchCommand.RunAsync(rest),
            "help" or "--help" or "-h" => Help(),
            _ => CommandErrors.UnknownVerb(verb),
        });
    }

    private static int Help()
    {
        AnsiConsole.MarkupLine("""
            [bold]KnowledgeHub.Bench[/] - retrieval and answer quality, throughput and latency of KnowledgeHub

            Usage: KnowledgeHub.Bench <verb> [[arguments]] [[--KnowledgeHub:Key=value ...]]

              [bold]eval[/] <dataset folder>      retrieval quality on a BEIR data set (bm25, dense, hybrid); --json
              [bold]eval-qa[/] <squad json>       grounded answers on a SQuAD file (COVID-QA)
                                         --limit N (questions), --json, --failures file.jsonl
              [bold]eval-answerability[/]         found / not-found on constructed answerable and unanswerable questions, and
                                         the answerability calibration: --squad covidqa.json --beir scifact-folder
                                         [[--per-side N]] [[--distractors N]] [[--dump rows.jsonl]] [[--show-found N]]
              [bold]bench[/] ingest|ask <folder>  ingestion throughput / ask latency on a BEIR corpus
              [bold]bench pdf[/] <folder>         PDF parsing pages/s
              [bold]bench pdf-text[/] <folder>    PDF text fidelity against pdftotext: symbol recall, ASCII stand-ins, char similarity
              [bold]bench ocr[/] <folder>         OCR of scans made from the folder's PDFs: render / recognise pages/s, CER, against direct tesseract
              [bold]bench html[/]                 single-line HTML pages of 1-32 MB: parse and chunk time by size
              [bold]bench encoder[/] <folder>     encoder texts/s and tokens/s on a BEIR corpus
              [bold]bench scale[/]                embedded index at 1M chunks: build time, memory, search p50/p95
              [bold]bench filtered[/]             access-group filtered search at 1M chunks (1/10/50%) vs unfiltered, p50/p95
              [bold]bench workers[/] <folder>     ingestion documents/s with --workers N `worker` processes (PostgreSQL jobs)
              [bold]bench load[/] <folder>        N concurrent clients asking over HTTP for D s: errors, p50/p95/p99, req/s
                                         --clients 50 --seconds 60 --docs 200 [[--stream]] [[--url U --key K]]

            All data lives under KnowledgeHub:DataPath (default ./data), as for the product's host.
            """);
        return 0;
    }
}
