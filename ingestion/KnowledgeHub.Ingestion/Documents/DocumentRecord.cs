using KnowledgeHub.Ingestion.Parsing.Ocr;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>A stored document and where its ingestion stands. The store is the source of truth; the index is derived.</summary>
public sealed record DocumentRecord
{
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required string Collection { get; init; }

    public required string FileName { get; init; }

    /// <summary>SHA-256 of the original bytes (lower-case hex); the original is stored under it.</summary>
    public required string ContentHash { get; init; }

    public required long SizeBytes { get; init; }

    public string? ContentType { get; init; }

    public int Version { get; init; } = 1;

    public DocumentStatus Status { get; init; } = DocumentStatus.Queued;

    /// <summary>The step in progress while <see cref="Status"/> is processing: extract, chunk, embed, index.</summary>
    public string? Step { get; init; }

    public int ProgressDone { get; init; }

    public int ProgressTotal { get; init; }

    /// <summary>Why ingestion failed, written for the person who uploaded the file.</summary>
    public string? Error { get; init; }

    public int? ChunkCount { get; init; }

    public int? PageCount { get; init; }

    public int Attempts { get; init; }

    /// <summary>Duration of each step of the last attempt that ended (completed or failed).</summary>
    public IReadOnlyList<StepTiming> Steps { get; init; } = [];

    /// <summary>Labels for filtering searches (<see cref="DocumentTags"/>); every chunk of the document carries them.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Pages of the current version read by OCR, with their mean word confidence; empty when none were.</summary>
    public IReadOnlyList<OcrPageQuality> OcrPages { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
