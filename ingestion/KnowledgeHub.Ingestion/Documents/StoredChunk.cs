using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>A chunk as the document store keeps it, so that the index can always be rebuilt without re-parsing.</summary>
/// <param name="Suspicious">Why the chunk looks like a planted instruction (see PlantedInstructionDetector); null when clean or cleared.</param>
public sealed record StoredChunk(
    string Id,
    string DocumentId,
    int Version,
    int Ordinal,
    int? Page,
    string? HeadingPath,
    string Text,
    int TokenCount,
    PageBox? Box = null,
    string? Suspicious = null);
