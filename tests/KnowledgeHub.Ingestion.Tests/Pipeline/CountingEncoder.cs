using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>The real encoder, counting the texts it is asked to embed.</summary>
internal sealed class CountingEncoder(ITextEncoder inner) : ITextEncoder
{
    public List<string> Embedded { get; } = [];

    public string ModelId => inner.ModelId;

    public int Dimensions => inner.Dimensions;

    public int MaxTokens => inner.MaxTokens;

    public int CountTokens(string text) => inner.CountTokens(text);

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
    {
        lock (Embedded)
        {
            Embedded.AddRange(texts);
        }

        return inner.EmbedAsync(texts, purpose, cancellationToken);
    }
}
