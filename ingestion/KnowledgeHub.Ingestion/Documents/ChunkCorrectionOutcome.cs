namespace KnowledgeHub.Ingestion.Documents;

/// <summary>What became of a chunk correction.</summary>
public enum ChunkCorrectionOutcome
{
    Corrected,

    /// <summary>The document's current version has no such chunk (or the caller may not read the document).</summary>
    NotFound,

    /// <summary>The document is being ingested (or failed): its chunks are not settled, so they cannot be corrected now.</summary>
    NotCompleted,
}
