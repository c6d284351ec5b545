using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Text;

/// <summary>One sentence of a retrieved passage, with its exact place in the chunk text.</summary>
/// <param name="Number">The passage's 1-based number, as the [n] markers use it.</param>
internal sealed record PassageSentence(int Number, IndexedChunk Chunk, TextSpan Span, IReadOnlySet<string> Terms)
{
    public string Text => Span.Of(Chunk.Text);

    public static IEnumerable<PassageSentence> Of(int number, IndexedChunk chunk) =>
        SentenceSplitter.Split(chunk.Text)
            .Select(span => new PassageSentence(number, chunk, span, TermAnalyzer.Analyze(span.Of(chunk.Text)).ToHashSet(StringComparer.Ordinal)));

    public Citation ToCitation() =>
        new(Number, Chunk.Id, Chunk.DocumentId, Chunk.FileName, Chunk.Page, Span.Start, Span.End, Text, Chunk.Version, Chunk.Box, Chunk.HeadingPath);
}
