using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>Test double for <see cref="ITextEncoder"/>: hashes words into a small normalised vector.</summary>
internal sealed class HashingTextEncoder : ITextEncoder
{
    public const string Id = "hashing-test-encoder";

    public string ModelId => Id;

    public int Dimensions => 32;

    public int MaxTokens => 512;

    public int CountTokens(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
    {
        var vectors = texts.Select(text =>
        {
            var vector = new float[Dimensions];
            foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                vector[(int)((uint)StringComparer.Ordinal.GetHashCode(word) % Dimensions)] += 1f;
            }

            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
        }).ToArray();
        return Task.FromResult(vectors);
    }
}
