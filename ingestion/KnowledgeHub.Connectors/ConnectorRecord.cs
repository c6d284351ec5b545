namespace KnowledgeHub.Connectors;

/// <summary>A configured source of one tenant: what it reads (<see cref="Settings"/>, JSON), into which collection, and when.</summary>
public sealed record ConnectorRecord
{
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required string Name { get; init; }

    public required ConnectorKind Kind { get; init; }

    public required string Collection { get; init; }

    /// <summary>The kind's settings as JSON text, validated on the way in (<see cref="ConnectorSettings"/>).</summary>
    public required string Settings { get; init; }

    /// <summary>A cron expression (five fields, UTC) for recurring syncs; null syncs only on request.</summary>
    public string? Schedule { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
