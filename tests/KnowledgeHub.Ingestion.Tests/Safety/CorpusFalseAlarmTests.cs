using System.Text.Json;
using KnowledgeHub.Bench.Evaluation;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Safety;
using KnowledgeHub.Ingestion.Tests.Parsing;
using KnowledgeHub.TestSupport;
using Xunit.Abstractions;

namespace KnowledgeHub.Ingestion.Tests.Safety;

/// <summary>
/// Ordinary documents must almost never be flagged: the sample PDFs and three public corpora are chunked as ingestion
/// chunks them (default chunking options) and at most 0.1% of the chunks may be flagged. Every flagged chunk is printed
/// so that a reviewer can judge it.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class CorpusFalseAlarmTests(ITestOutputHelper output) : IDisposable
{
    private const double MaxFlaggedShare = 0.001;

    private readonly TempFolder folder = new("kh-false-alarms");
    private OnnxTextEncoder? encoder;

    public void Dispose()
    {
        encoder?.Dispose();
        folder.Dispose();
    }

    [SharedDataFact]
    public async Task At_most_one_chunk_in_a_thousand_of_ordinary_documents_is_flagged()
    {
        var corpora = new List<(string Name, IEnumerable<ParsedDocument> Documents)>
        {
            ("pdf-samples", await PdfDocumentsAsync()),
            ("scifact", BeirDocuments(BeirDataset.Load(SharedData.PathTo("datasets", "scifact")))),
            ("cranfield", BeirDocuments(CranfieldDataset.Load(SharedData.PathTo("datasets", "cranfield")))),
            ("covidqa", CovidQaDocuments()),
        };

        // The product's chunker as ingestion builds it: the encoder's tokenizer and the default options.
        encoder = OnnxTextEncoder.Create(new EncoderOptions(), folder.File("models"));
        var chunker = new TextChunker(encoder.CountTokens, new ChunkingOptions());
        var total = 0;
        var flagged = 0;
        foreach (var (name, documents) in corpora)
        {
            var chunks = 0;
            var hits = 0;
            foreach (var chunk in documents.SelectMany(d => chunker.Chunk(d)))
            {
                chunks++;
                if (PlantedInstructionDetector.Detect(chunk.Text) is { } reason)
                {
                    hits++;
                    output.WriteLine($"FLAGGED [{name}] ({reason}): {chunk.Text}");
                }
            }

            output.WriteLine($"{name}: {hits} of {chunks} chunks flagged");
            Assert.True(chunks > 0, $"{name} produced no chunks");
            total += chunks;
            flagged += hits;
        }

        output.WriteLine($"all corpora: {flagged} of {total} chunks flagged ({100.0 * flagged / total:F3}%)");
        Assert.True(flagged <= MaxFlaggedShare * total, $"{flagged} of {total} chunks flagged, more than {MaxFlaggedShare:P1}.");
    }

    // Password-protected and scanned samples have no text to chunk; they are skipped, as ingestion rejects them.
    private async Task<List<ParsedDocument>> PdfDocumentsAsync()
    {
        var documents = new List<ParsedDocument>();
        foreach (var fileName in PdfSamples.FileNames())
        {
            try
            {
                documents.Add(await PdfSamples.ParseAsync(fileName));
            }
            catch (DocumentRejectedException rejected)
            {
                output.WriteLine($"skipped {fileName}: {rejected.Message}");
            }
        }

        return documents;
    }

    private static IEnumerable<ParsedDocument> BeirDocuments(BeirDataset dataset) =>
        dataset.Corpus.Select(d => Paragraphs(d.FullText));

    private static IEnumerable<ParsedDocument> CovidQaDocuments()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathTo("datasets", "covidqa", "200423_covidQA.json")));
        var contexts = json.RootElement.GetProperty("data").EnumerateArray()
            .SelectMany(article => article.GetProperty("paragraphs").EnumerateArray())
            .Select(paragraph => paragraph.GetProperty("context").GetString() ?? string.Empty)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return contexts.Select(Paragraphs);
    }

    private static ParsedDocument Paragraphs(string text) =>
        new([.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => new ParsedBlock(p))]);
}
