using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>A chunk as the document store keeps it, so that the index can always be rebuilt without re-parsing.</summary>
public sealed record StoredChunk(
    string Id,
    string DocumentId,
    int Version,
    int Ordinal,
    int? Page,
    string? HeadingPath,
    string Text,
    int TokenCount,
    PageBox? Box = null);
