namespace KnowledgeHub.Ingestion.Documents;

/// <summary>A status change written by the ingestion pipeline. Null members leave the stored value unchanged.</summary>
public sealed record DocumentProgress(
    DocumentStatus Status,
    string? Step = null,
    int? ProgressDone = null,
    int? ProgressTotal = null,
    string? Error = null,
    int? ChunkCount = null,
    int? PageCount = null,
    bool IncrementAttempts = false);
