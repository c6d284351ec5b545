using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

/// <summary>Reads the shared sample PDFs with a generous deadline, so that a parser hang fails a test instead of the run.</summary>
internal static class PdfSamples
{
    public const string Missing = "(shared data missing)";

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>The sample file names; one placeholder row when ../shared is absent (the theory is skipped then, or fails on CI).</summary>
    public static IEnumerable<string> FileNames() =>
        SharedData.RootOrNull is null
            ? [Missing]
            : Directory.GetFiles(SharedData.PathTo("documents", "pdf-samples"), "*.pdf").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(SharedData.PdfSample(fileName));

    public static Task<ParsedDocument> ParseAsync(string fileName) => ParseAsync(Bytes(fileName), fileName);

    public static async Task<ParsedDocument> ParseAsync(byte[] bytes, string fileName)
    {
        using var cancellation = new CancellationTokenSource(Deadline);
        using var stream = new MemoryStream(bytes);
        return await new PdfParser().ParseAsync(stream, fileName, cancellation.Token).WaitAsync(Deadline + TimeSpan.FromSeconds(30));
    }

    public static string FullText(ParsedDocument document) => string.Join("\n", document.Blocks.Select(b => b.Text));
}
