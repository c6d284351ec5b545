namespace KnowledgeHub.Ingestion.Tenancy;

/// <summary>A stored API key. The secret itself is never stored, only its SHA-256.</summary>
public sealed record ApiKeyRecord
{
    /// <summary>The public part of the key (`kh_&lt;id&gt;_&lt;secret&gt;`); safe to show and log.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Tenant { get; init; }

    public required ApiKeyRole Role { get; init; }

    /// <summary>
    /// The access groups of a non-admin key: it reads documents without groups and those sharing one of these. Admin keys
    /// read every document of their tenant whatever their groups.
    /// </summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>SHA-256 of the secret part. Keys carry 256 random bits, so a fast hash is enough: there is nothing to guess.</summary>
    public required byte[] SecretHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool Revoked => RevokedAt is not null;
}
