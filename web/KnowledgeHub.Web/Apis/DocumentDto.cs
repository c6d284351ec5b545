using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Web.Apis;

public sealed record ProgressDto(string? Step, int Done, int Total);

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
    bool? Duplicate = null)
{
    public static DocumentDto From(DocumentRecord d, bool? duplicate = null) => new(
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
        duplicate);
}

public sealed record DocumentListDto(IReadOnlyList<DocumentDto> Documents);
