using System.Diagnostics;
using System.Globalization;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench pdf <folder>`: parses every PDF in the folder with the parser the pipeline uses, for several rounds after an
/// untimed warm-up round, and reports pages/s. Files are read into memory first, so disk speed is not measured.
/// Files the parser rejects (encrypted, no text, damaged) still count towards the time: the pipeline pays it too.
/// </summary>
public static class BenchPdfCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "rounds" }, new HashSet<string> { "per-file" });
        if (parsed.Positionals.Count != 1 || !Directory.Exists(parsed.Positionals[0]))
        {
            throw new ArgumentException("Usage: bench pdf <folder> [--rounds N] [--per-file]");
        }

        var rounds = parsed.Value("rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        if (rounds < 1)
        {
            throw new ArgumentException("--rounds must be at least 1.");
        }

        var files = Directory.EnumerateFiles(parsed.Positionals[0], "*.pdf", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Name: Path.GetFileName(path), Bytes: File.ReadAllBytes(path)))
            .ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"No PDF files in {parsed.Positionals[0]}.");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var parser = app.Services.GetRequiredService<ParserRegistry>().Resolve("bench.pdf");

        // The warm-up round pays for JIT and font tables, and tells which files the parser rejects.
        var outcomes = new List<Outcome>();
        foreach (var (name, bytes) in files)
        {
            outcomes.Add(await ParseAsync(parser, name, bytes));
        }

        var perFile = new double[files.Count];
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < files.Count; i++)
            {
                var clock = Stopwatch.StartNew();
                await ParseAsync(parser, files[i].Name, files[i].Bytes);
                perFile[i] += clock.Elapsed.TotalSeconds;
            }
        }

        total.Stop();
        if (parsed.Has("per-file"))
        {
            for (var i = 0; i < files.Count; i++)
            {
                var seconds = perFile[i] / rounds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"file={files[i].Name} kb={files[i].Bytes.Length / 1024} pages={outcomes[i].Pages} result={outcomes[i].Result} ms={seconds * 1000:F1} pages_per_s={(outcomes[i].Pages > 0 ? outcomes[i].Pages / seconds : 0):F1}"));
            }
        }

        var pages = outcomes.Sum(o => o.Pages);
        var wall = total.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"files={files.Count} parsed={outcomes.Count(o => o.Result == "parsed")} rejected={outcomes.Count(o => o.Result == "rejected")} errors={outcomes.Count(o => o.Result == "error")} pages={pages} mib={files.Sum(f => f.Bytes.LongLength) / 1048576.0:F1} rounds={rounds} wall_s={wall:F2} s_per_round={wall / rounds:F2} pages_per_s={pages * rounds / wall:F1} files_per_s={files.Count * rounds / wall:F1}"));
        return outcomes.Any(o => o.Result == "error") ? 1 : 0;
    }

    private static async Task<Outcome> ParseAsync(IDocumentParser parser, string name, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            var document = await parser.ParseAsync(stream, name);
            return new Outcome("parsed", document.PageCount ?? 0);
        }
        catch (DocumentRejectedException)
        {
            return new Outcome("rejected", 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A transient failure in the pipeline; a benchmark reports it instead of stopping.
            await Console.Error.WriteLineAsync($"{name}: {ex.GetType().Name}: {ex.Message}");
            return new Outcome("error", 0);
        }
    }

    private sealed record Outcome(string Result, int Pages);
}
