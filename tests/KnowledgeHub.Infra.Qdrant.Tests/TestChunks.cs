using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Infra.Qdrant.Tests;

internal static class TestChunks
{
    public static IndexedChunk Make(string documentId, int ordinal, string text, string tenant = "t1", int version = 1, string? headingPath = null, int? page = null) =>
        new(ChunkId.For(documentId, version, ordinal), tenant, "c1", documentId, version, documentId + ".pdf", page, ordinal, text, headingPath, [0.5f, 0.5f, 0.5f, 0.5f]);
}
