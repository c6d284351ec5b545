using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Web.Cli;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Bench;

/// <summary>
/// `bench pdf-text <folder>`: how faithfully the PDF parser reads text, measured against poppler's `pdftotext` on
/// every PDF of the folder. Reported per file and overall: the recall of the symbol characters pdftotext finds
/// (non-ASCII, not Latin letters: ∈, ⇒, ∅, γ, −, ...), the ASCII characters ours has beyond pdftotext's count (the
/// stand-ins a symbol turns into when a font is read by character code: ';' for ∅, '2' for ∈), and two
/// order-insensitive similarities: characters and adjacent character pairs, whitespace ignored (layout analysis and
/// pdftotext order blocks differently, so an edit distance would mostly measure reading order).
/// </summary>
public static class BenchPdfTextCommand
{
    private const string Usage = "Usage: bench pdf-text <folder> (needs pdftotext from poppler-utils on the PATH)";

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string>(), new HashSet<string>());
        if (parsed.Positionals.Count != 1 || !Directory.Exists(parsed.Positionals[0]))
        {
            throw new ArgumentException(Usage);
        }

        var files = Directory.EnumerateFiles(parsed.Positionals[0], "*.pdf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"No PDF files in {parsed.Positionals[0]}.");
        }

        if (await PdfToTextAsync(files[0]) is null)
        {
            await Console.Error.WriteLineAsync("pdftotext was not found on the PATH; install poppler-utils (apt-get install poppler-utils) to run bench pdf-text.");
            return 2;
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var parser = app.Services.GetRequiredService<ParserRegistry>().Resolve("bench.pdf");
        var total = new Comparison();
        var compared = 0;
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            var reference = await PdfToTextAsync(path);
            var ours = await OursAsync(parser, path);
            if (reference is null || ours is null || reference.Text.Length == 0)
            {
                Console.WriteLine($"file={name} result=skipped ({(ours is null ? "our parser rejects it" : "pdftotext reads no text")})");
                continue;
            }

            var comparison = Comparison.Of(ours, reference.Text);
            total = total.Add(comparison);
            compared++;
            Console.WriteLine($"file={name} {comparison.Format()}");
        }

        Console.WriteLine($"files={files.Count} compared={compared} {total.Format()}");
        return 0;
    }

    private static async Task<string?> OursAsync(IDocumentParser parser, string path)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            var document = await parser.ParseAsync(stream, Path.GetFileName(path));
            return string.Join("\n", document.Blocks.Select(b => b.Text));
        }
        catch (DocumentRejectedException)
        {
            return null;
        }
    }

    /// <summary>pdftotext's text of the file (empty when it cannot read the file), or null when pdftotext is not installed.</summary>
    private static async Task<PdfToTextResult?> PdfToTextAsync(string path)
    {
        var start = new ProcessStartInfo("pdftotext")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-q", "-enc", "UTF-8", path, "-" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await errors;
            return new PdfToTextResult(process.ExitCode == 0 ? await output : string.Empty);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    private sealed record PdfToTextResult(string Text);

    /// <summary>Counts behind the metrics; they add up over files, so the overall line weighs files by their text.</summary>
    private sealed record Comparison(long SymbolsMatched, long SymbolsReference, long AsciiExcess, long AsciiOurs,
        long CharsMatched, long CharsTotal, long PairsMatched, long PairsTotal)
    {
        public Comparison()
            : this(0, 0, 0, 0, 0, 0, 0, 0)
        {
        }

        public static Comparison Of(string ours, string reference)
        {
            var ourChars = Count(Characters(ours));
            var theirChars = Count(Characters(reference));
            var ourPairs = Count(Pairs(ours));
            var theirPairs = Count(Pairs(reference));
            var symbols = theirChars.Where(e => IsSymbol(e.Key)).ToList();
            var ascii = ourChars.Where(e => e.Key < 0x80).ToList();
            return new Comparison(
                symbols.Sum(e => Math.Min(e.Value, ourChars.GetValueOrDefault(e.Key))),
                symbols.Sum(e => (long)e.Value),
                ascii.Sum(e => Math.Max(0, e.Value - theirChars.GetValueOrDefault(e.Key))),
                ascii.Sum(e => (long)e.Value),
                2 * Matched(ourChars, theirChars),
                ourChars.Values.Sum(v => (long)v) + theirChars.Values.Sum(v => (long)v),
                2 * Matched(ourPairs, theirPairs),
                ourPairs.Values.Sum(v => (long)v) + theirPairs.Values.Sum(v => (long)v));
        }

        public Comparison Add(Comparison other) => new(
            SymbolsMatched + other.SymbolsMatched, SymbolsReference + other.SymbolsReference, AsciiExcess + other.AsciiExcess,
            AsciiOurs + other.AsciiOurs, CharsMatched + other.CharsMatched, CharsTotal + other.CharsTotal,
            PairsMatched + other.PairsMatched, PairsTotal + other.PairsTotal);

        public string Format() => string.Create(CultureInfo.InvariantCulture,
            $"symbols={SymbolsReference} symbol_recall={Ratio(SymbolsMatched, SymbolsReference):F3} ascii_excess={AsciiExcess} ascii_excess_share={Ratio(AsciiExcess, AsciiOurs):F4} char_f1={Ratio(CharsMatched, CharsTotal):F4} pair_f1={Ratio(PairsMatched, PairsTotal):F4}");

        private static double Ratio(long part, long whole) => whole == 0 ? 1 : (double)part / whole;

        /// <summary>What the symbol recall counts: not ASCII, not a Latin letter (ä, ß), and visible.</summary>
        private static bool IsSymbol(int codePoint)
        {
            if (codePoint < 0x80 || (codePoint is >= 0xC0 and <= 0x24F && Rune.IsLetter(new Rune(codePoint))))
            {
                return false;
            }

            return Rune.GetUnicodeCategory(new Rune(codePoint)) is not (UnicodeCategory.PrivateUse or UnicodeCategory.Format
                or UnicodeCategory.Control or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpaceSeparator or UnicodeCategory.Surrogate);
        }

        private static IEnumerable<int> Characters(string text) =>
            WithoutLigatures(text).EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).Select(r => r.Value);

        /// <summary>Adjacent characters with whitespace removed: local order counts, block order does not.</summary>
        private static IEnumerable<long> Pairs(string text)
        {
            var previous = -1L;
            foreach (var current in Characters(text))
            {
                if (previous >= 0)
                {
                    yield return (previous * 0x110000) + current;
                }

                previous = current;
            }
        }

        // Ligatures compare as their letters on both sides: pdftotext keeps "ﬁ", the parser writes "fi".
        private static string WithoutLigatures(string text) =>
            text.Replace("ﬀ", "ff", StringComparison.Ordinal).Replace("ﬁ", "fi", StringComparison.Ordinal)
                .Replace("ﬂ", "fl", StringComparison.Ordinal).Replace("ﬃ", "ffi", StringComparison.Ordinal)
                .Replace("ﬄ", "ffl", StringComparison.Ordinal);

        private static Dictionary<T, int> Count<T>(IEnumerable<T> items)
            where T : notnull
        {
            var counts = new Dictionary<T, int>();
            foreach (var item in items)
            {
                counts[item] = counts.GetValueOrDefault(item) + 1;
            }

            return counts;
        }

        private static long Matched<T>(Dictionary<T, int> ours, Dictionary<T, int> theirs)
            where T : notnull =>
            ours.Sum(e => (long)Math.Min(e.Value, theirs.GetValueOrDefault(e.Key)));
    }
}
