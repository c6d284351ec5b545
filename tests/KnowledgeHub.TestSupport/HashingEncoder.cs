using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.TestSupport;

/// <summary>A deterministic stand-in encoder: analysed terms hashed into buckets, L2-normalised.</summary>
public sealed class HashingEncoder(int dimensions = 64) : ITextEncoder
{
    public const string Id = "hashing-test-encoder";

    public string ModelId => Id;

    public int Dimensions => dimensions;

    public int MaxTokens => 512;

    public int Calls { get; private set; }

    public int CountTokens(string text) => TextAnalyzers.Analyze(text).Count;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(texts.Select(Embed).ToArray());
    }

    private float[] Embed(string text)
    {
        var vector = new float[dimensions];
        foreach (var term in TextAnalyzers.Analyze(text))
        {
            vector[(int)((uint)StableHash(term) % (uint)dimensions)] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm > 0 ? vector.Select(v => v / norm).ToArray() : vector;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in s)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
