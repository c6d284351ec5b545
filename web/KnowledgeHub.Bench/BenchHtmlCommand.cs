using System.Diagnostics;
using System.Globalization;
using System.Text;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench html [--sizes 1,4,16,32]`: parses and chunks generated single-line HTML pages of growing size (MB) in four
/// shapes, with the parser and chunker (and the encoder's tokenizer) the pipeline uses, and prints the time of each.
/// Time that grows with the size, not its square, is the promise; a quadratic step shows as a 4x jump per doubling.
/// </summary>
public static class BenchHtmlCommand
{
    private static readonly (string Name, Func<int, string> Piece)[] Shapes =
    [
        ("paragraphs", i => $"<p>Paragraph {i} says that pump {i % 97} needs a new seal every {i % 5 + 1} years.</p>"),
        ("markup rows", i => $"<div class=\"row\" data-row=\"{i}\"><span class=\"cell\">Bin {i % 5000}</span><span class=\"cell\">holds {i % 97} valves.</span></div>"),
        ("unclosed divs", i => $"<div>word{i % 977} "),
        ("unclosed bold", i => $"<b>bold {i % 100}<p>para {i % 977} "),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string> { "sizes" }, new HashSet<string>());
        var sizes = (parsed.Value("sizes") ?? "1,4,16,32").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        if (parsed.Positionals.Count != 0 || sizes.Exists(s => s < 1))
        {
            throw new ArgumentException("Usage: bench html [--sizes 1,4,16,32] (sizes in MB, each at least 1)");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var parser = app.Services.GetRequiredService<ParserRegistry>().Resolve("bench.html");
        var chunker = app.Services.GetRequiredService<TextChunker>();
        Console.WriteLine("| shape | MB | parse ms | chunk ms | chunks | MB/s |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, piece) in Shapes)
        {
            foreach (var megabytes in sizes)
            {
                var bytes = Page(piece, megabytes);
                var clock = Stopwatch.StartNew();
                using var stream = new MemoryStream(bytes);
                var document = await parser.ParseAsync(stream, "bench.html");
                var parseMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var chunks = chunker.Chunk(document);
                var chunkMs = clock.Elapsed.TotalMilliseconds;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name} | {megabytes} | {parseMs:F0} | {chunkMs:F0} | {chunks.Count} | {megabytes / ((parseMs + chunkMs) / 1000):F2} |"));
            }
        }

        return ExitCodes.Success;
    }

    private static byte[] Page(Func<int, string> piece, int megabytes)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><title>Bench</title></head><body>");
        for (var i = 0; html.Length < megabytes * 1024 * 1024; i++)
        {
            html.Append(piece(i));
        }

        return Encoding.UTF8.GetBytes(html.Append("</body></html>").ToString());
    }
}
