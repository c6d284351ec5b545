using KnowledgeHub.Retrieval;

namespace KnowledgeHub.TestSupport;

/// <summary>Index chunks and requests for index tests (embedded and Qdrant alike), in a 4-dimensional stand-in vector space.</summary>
public static class TestChunks
{
    public const string ModelId = "test-4d";
    public const int Dimensions = 4;

    public static IndexedChunk Make(
        string documentId,
        int ordinal,
        string text,
        float[]? vector = null,
        string tenant = "t1",
        string collection = "c1",
        int version = 1,
        int? page = null,
        string? headingPath = null) =>
        new(ChunkId.For(documentId, version, ordinal), tenant, collection, documentId, version, documentId + ".txt", page, ordinal, text, headingPath, vector ?? [0.5f, 0.5f, 0.5f, 0.5f]);

    public static float[] Unit(params float[] values)
    {
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return values.Select(v => v / norm).ToArray();
    }

    public static SearchRequest Keyword(string text, string tenant = "t1", int top = 10) =>
        new(text, null, SearchFilter.ForTenant(tenant), top, SearchMode.Keyword);

    public static SearchRequest Dense(float[] vector, string tenant = "t1", int top = 10) =>
        new(string.Empty, vector, SearchFilter.ForTenant(tenant), top, SearchMode.Dense);
}
