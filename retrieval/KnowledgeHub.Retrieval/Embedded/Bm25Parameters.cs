namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>BM25's term-frequency saturation (k1) and length normalisation (b).</summary>
public readonly record struct Bm25Parameters(float K1, float B)
{
    /// <summary>k1 = 0.9, b = 0.4: the Anserini/Pyserini defaults behind the published BEIR BM25 numbers.</summary>
    public static Bm25Parameters Default { get; } = new(0.9f, 0.4f);
}
