namespace KnowledgeHub.Ingestion.Tenancy;

/// <summary>
/// The seam to the database that holds API keys (SQLite, PostgreSQL). Keys live in the same database as the
/// documents their tenant owns, so <see cref="Documents.IDocumentStore.InitializeAsync"/> creates their table.
/// </summary>
public interface IApiKeyStore
{
    /// <summary>Inserts a new key; ids are random, so a clash is a bug and throws.</summary>
    Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>The key by id in any tenant (revoked ones included); for authentication, which knows only the id.</summary>
    Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The keys of one tenant, or of every tenant when <paramref name="tenant"/> is null; oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken = default);

    /// <summary>Marks the key revoked (a second revoke keeps the first time); false when no such key in the tenant (any tenant when null).</summary>
    Task<bool> RevokeAsync(string? tenant, string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default);

    /// <summary>Records that the key was used; never moves the time backwards.</summary>
    Task TouchAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken = default);

    /// <summary>Whether the tenant has ever had an admin key, revoked ones included.</summary>
    Task<bool> HasAdminKeyAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="key"/> (an admin key) only when its tenant has no admin key yet, revoked ones included; the
    /// check and the insert are one step for every process on the store, so replicas starting together add one key.
    /// </summary>
    /// <returns>False when the tenant already had an admin key; nothing was added.</returns>
    Task<bool> AddFirstAdminAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);
}
