using System.Collections.Concurrent;
using System.Security.Cryptography;
using KnowledgeHub.Ingestion.Tenancy;
using KnowledgeHub.Web.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Access;

/// <summary>
/// Turns a bearer token into the key it names, or null. Store rows are cached for
/// <see cref="AuthOptions.ValidationCacheSeconds"/> so that a busy client does not cost a database read per request;
/// <see cref="Forget"/> drops a revoked key at once.
/// </summary>
public sealed class ApiKeyValidator(IApiKeyStore store, IOptions<AuthOptions> auth, IOptions<KnowledgeHubOptions> hub, TimeProvider timeProvider)
{
    // Compared against when the id is unknown, so that an unknown id costs the same work as a wrong secret.
    private static readonly byte[] NoHash = new byte[SHA256.HashSizeInBytes];

    private readonly ConcurrentDictionary<string, (ApiKeyRecord Key, DateTimeOffset FetchedAt)> cache = new(StringComparer.Ordinal);

    private readonly Lazy<byte[]?> bootstrapHash = new(() =>
        string.IsNullOrEmpty(auth.Value.BootstrapKey) ? null : ApiKeyTokens.Hash(auth.Value.BootstrapKey));

    public async Task<AuthenticatedKey?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (bootstrapHash.Value is { } bootstrap && CryptographicOperations.FixedTimeEquals(bootstrap, ApiKeyTokens.Hash(token)))
        {
            return new AuthenticatedKey(AccessClaims.BootstrapKeyId, "bootstrap (configuration)", hub.Value.DefaultTenant, ApiKeyRole.Admin);
        }

        if (!ApiKeyTokens.TryParse(token, out var id, out var secret))
        {
            return null;
        }

        var (key, fresh) = await FindAsync(id, cancellationToken);
        if (!ApiKeyTokens.Matches(key?.SecretHash ?? NoHash, secret) || key is null || key.Revoked)
        {
            return null;
        }

        if (fresh)
        {
            // Once per cache period rather than per request: "last used" is accurate to that period.
            await store.TouchAsync(key.Id, timeProvider.GetUtcNow(), cancellationToken);
        }

        return new AuthenticatedKey(key.Id, key.Name, key.Tenant, key.Role, key.Groups);
    }

    /// <summary>Drops the cached row, so that a revocation made through this process holds from the next request.</summary>
    public void Forget(string id) => cache.TryRemove(id, out _);

    private async Task<(ApiKeyRecord? Key, bool Fresh)> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(auth.Value.ValidationCacheSeconds);
        if (cache.TryGetValue(id, out var cached) && now - cached.FetchedAt < lifetime)
        {
            return (cached.Key, false);
        }

        var key = await store.GetAsync(id, cancellationToken);
        if (key is null || lifetime <= TimeSpan.Zero)
        {
            // Unknown ids are not cached: anyone can make them up, and the cache would grow without bound.
            cache.TryRemove(id, out _);
            return (key, true);
        }

        cache[id] = (key, now);
        return (key, true);
    }
}
