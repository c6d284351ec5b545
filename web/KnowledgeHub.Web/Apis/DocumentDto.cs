using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing.Ocr;

namespace KnowledgeHub.Web.Apis;

public sealed record ProgressDto(string? Step, int Done, int Total);

/// <param name="SuspiciousChunks">Chunks of the current version flagged as planted instructions; absent when none.</param>
/// <param name="OcrPages">Pages read by OCR (scans, images) with their mean word confidence; absent when none were.</param>
public sealed record DocumentDto(
    string Id,
    string FileName,
    string Collection,
    DocumentStatus Status,
    ProgressDto? Progress,
    string? Error,
    int? ChunkCount,
    int? PageCount,
    long SizeBytes,
    int Version,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StepTiming>? Steps,
    bool? Duplicate = null,
    bool? NewVersion = null,
    IReadOnlyList<string>? Tags = null,
    int? SuspiciousChunks = null,
    IReadOnlyList<OcrPageQuality>? OcrPages = null,
    DocumentSourceDto? Source = null)
{
    public static DocumentDto From(DocumentRecord d, bool? duplicate = null, bool? newVersion = null, int suspiciousChunks = 0) => new(
        d.Id,
        d.FileName,
        d.Collection,
        d.Status,
        d.Status == DocumentStatus.Processing ? new ProgressDto(d.Step, d.ProgressDone, d.ProgressTotal) : null,
        d.Error,
        d.ChunkCount,
        d.PageCount,
        d.SizeBytes,
        d.Version,
        d.Attempts,
        d.CreatedAt,
        d.UpdatedAt,
        d.Steps.Count == 0 ? null : d.Steps,
        duplicate,
        newVersion,
        d.Tags.Count == 0 ? null : d.Tags,
        suspiciousChunks == 0 ? null : suspiciousChunks,
        d.OcrPages.Count == 0 ? null : d.OcrPages);
}

/// <summary>Where a connector found the document: the connector, the item's uri and, for Git, the commit it was read at.</summary>
public sealed record DocumentSourceDto(string ConnectorId, string Uri, string? Commit);

/// <param name="Total">Documents matching the filters, on all pages together.</param>
/// <param name="NextCursor">Pass as `cursor` to get the next page; absent on the last page.</param>
/// <param name="Next">The next page's URL (same filters and limit); absent on the last page.</param>
/// <summary>The chunks of a document's current version (only the flagged ones with `suspicious=true`).</summary>
public sealed record ChunkListDto(IReadOnlyList<ChunkDto> Chunks);

public sealed record DocumentListDto(IReadOnlyList<DocumentDto> Documents, int Total, string? NextCursor, string? Next);
