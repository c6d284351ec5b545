using KnowledgeHub.Ingestion.Parsing.Ocr;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// A status change written by the ingestion pipeline. Null members leave the stored value unchanged. When
/// <paramref name="Version"/> is set, the change applies only while the document is still at that version, so a
/// run of an older version never overwrites the status of a newer one.
/// </summary>
public sealed record DocumentProgress(
    DocumentStatus Status,
    string? Step = null,
    int? ProgressDone = null,
    int? ProgressTotal = null,
    string? Error = null,
    int? ChunkCount = null,
    int? PageCount = null,
    bool IncrementAttempts = false,
    int? Version = null,
    IReadOnlyList<StepTiming>? Steps = null,
    IReadOnlyList<OcrPageQuality>? OcrPages = null);
