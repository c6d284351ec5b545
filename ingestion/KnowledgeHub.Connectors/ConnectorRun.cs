namespace KnowledgeHub.Connectors;

/// <summary>
/// One sync of a connector. While <see cref="ConnectorRunStatus.Running"/> it is held by one process at a time through a
/// lease (<see cref="Owner"/> until <see cref="LeaseUntil"/>) that the holder renews; a run whose holder died is taken
/// over when the lease lapses, and continues with the counts already recorded.
/// </summary>
public sealed record ConnectorRun
{
    public required string Id { get; init; }

    public required string ConnectorId { get; init; }

    public required string Tenant { get; init; }

    public ConnectorRunStatus Status { get; init; } = ConnectorRunStatus.Running;

    public int Added { get; init; }

    public int Updated { get; init; }

    public int Deleted { get; init; }

    public int Unchanged { get; init; }

    public int Failed { get; init; }

    /// <summary>Why the run as a whole failed; per-item failures are in the run's item errors.</summary>
    public string? Error { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The process holding the run; null for a run that was requested and not yet picked up.</summary>
    public string? Owner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }
}
