using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>Builds hand-made chunks and hits; vectors are dummies because these tests never search densely.</summary>
internal static class Passages
{
    public static IndexedChunk Chunk(string documentId, string text, int ordinal = 0, int? page = null, string tenant = "t1", string collection = "default") =>
        new($"{documentId}#{ordinal}", tenant, collection, documentId, 1, $"{documentId}.txt", page, ordinal, text, null, [0f, 0f, 0f]);

    public static IReadOnlyList<SearchHit> Hits(params string[] texts) =>
        [.. texts.Select((text, i) => new SearchHit(Chunk($"doc{i + 1}", text, page: i + 1), 1.0 / (i + 1)))];
}
