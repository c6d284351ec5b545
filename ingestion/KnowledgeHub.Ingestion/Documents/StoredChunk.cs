using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>A chunk as the document store keeps it, so that the index can always be rebuilt without re-parsing.</summary>
/// <param name="Suspicious">Why the chunk looks like a planted instruction (see PlantedInstructionDetector); null when clean or cleared.</param>
/// <param name="Correction">
/// A person's correction, when the store holds one for this chunk; <paramref name="Text"/> is then already the corrected
/// text (the original is in the correction), so everything that embeds or shows the chunk uses the corrected one.
/// </param>
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
    string? Suspicious = null,
    ChunkCorrection? Correction = null)
{
    /// <summary>True when a person excluded the chunk from retrieval: it is stored and listed, but never indexed.</summary>
    public bool Excluded => Correction?.Excluded == true;
}
