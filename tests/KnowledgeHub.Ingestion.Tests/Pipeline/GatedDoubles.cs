using System.Security.Cryptography;
using System.Text;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>A parser for `.stall` files that stays inside its parse until cancelled, like PdfPig on a pathological file.</summary>
internal sealed class StallingParser(StepGate gate) : IDocumentParser
{
    public IReadOnlyCollection<string> Extensions { get; } = [".stall"];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        if (gate.Holds("extract"))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return new ParsedDocument([new ParsedBlock(await new StreamReader(content).ReadToEndAsync(cancellationToken), BlockKind.Paragraph)]);
    }
}

/// <summary>
/// A small deterministic encoder (vectors from a hash of the text) whose token counting crawls while the chunk step is
/// held and whose embedding waits for cancellation when the embed step is.
/// </summary>
internal sealed class GatedEncoder(StepGate gate) : ITextEncoder
{
    public string ModelId => "gated-test-encoder";

    public int Dimensions => 8;

    public int MaxTokens => 256;

    public int CountTokens(string text)
    {
        if (gate.Holds("chunk") || gate.IsHolding("chunk"))
        {
            // Slow, not blocked: the chunker has to notice the stop between sentences, on its own.
            Thread.Sleep(20);
        }

        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
    {
        if (gate.Holds("embed"))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return [.. texts.Select(Vector)];
    }

    private float[] Vector(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var vector = Enumerable.Range(0, Dimensions).Select(i => (hash[i] - 127.5f) / 127.5f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}

/// <summary>An index that writes the chunks, then waits for cancellation when the index step is held: a delete that
/// lands in the middle of an index write.</summary>
internal sealed class GatedIndex(ISearchIndex inner, StepGate gate) : DelegatingSearchIndex(inner)
{
    public override async Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        await Inner.UpsertAsync(chunks, cancellationToken);
        if (gate.Holds("index"))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
