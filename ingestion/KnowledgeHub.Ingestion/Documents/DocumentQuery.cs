namespace KnowledgeHub.Ingestion.Documents;

/// <summary>One page of a tenant's document list, newest first, with optional filters.</summary>
public sealed record DocumentQuery
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    public string? Collection { get; init; }

    public DocumentStatus? Status { get; init; }

    /// <summary>Case-insensitive substring of the file name.</summary>
    public string? FileNameContains { get; init; }

    /// <summary>Inclusive lower bound on the creation time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Exclusive upper bound on the creation time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>
    /// The reader's access groups: only documents without groups or sharing one of these; null lists every document of
    /// the tenant (an admin key).
    /// </summary>
    public IReadOnlyList<string>? AccessGroups { get; init; }

    /// <summary>Inclusive lower bound on the time of the last status change (what ended within the last hour).</summary>
    public DateTimeOffset? UpdatedFrom { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Continue after this row (keyset pagination: stable while documents are added).</summary>
    public DocumentCursor? After { get; init; }

    /// <summary>Rows to skip; used only without <see cref="After"/>.</summary>
    public int Offset { get; init; }
}
