using System.Collections.Concurrent;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;

namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// The metadata keys of a tenant and the type each holds, read from its documents: the schema filters are checked
/// against (an unknown key or a wrong type is refused) and new metadata must agree with. Kept a few seconds per tenant;
/// a write in this process forgets it at once.
/// </summary>
public sealed class MetadataKeys(IDocumentStore store, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<DocumentRecord> Documents)> cache = new(StringComparer.Ordinal);

    /// <summary>The keys of the documents a reader with <paramref name="readerGroups"/> may read (null: all), so no key of a hidden document shows.</summary>
    public async Task<IReadOnlyDictionary<string, MetadataType>> GetAsync(string tenant, IReadOnlyList<string>? readerGroups, CancellationToken cancellationToken = default)
    {
        var keys = new Dictionary<string, MetadataType>(StringComparer.Ordinal);
        foreach (var document in await DocumentsAsync(tenant, cancellationToken))
        {
            if (AccessGroups.CanRead(readerGroups, document.AccessGroups))
            {
                foreach (var (key, value) in document.Metadata)
                {
                    keys.TryAdd(key, value.Type);
                }
            }
        }

        return keys;
    }

    /// <summary>Refuses metadata whose key another document of the tenant holds with another type, naming the key.</summary>
    /// <exception cref="ArgumentException">A key's type differs from the tenant's.</exception>
    public async Task EnsureAgreesAsync(string tenant, string? documentId, IReadOnlyDictionary<string, MetadataValue> metadata, CancellationToken cancellationToken = default)
    {
        if (metadata.Count == 0)
        {
            return;
        }

        foreach (var document in await DocumentsAsync(tenant, cancellationToken))
        {
            if (document.Id == documentId)
            {
                continue;
            }

            foreach (var (key, value) in metadata)
            {
                if (document.Metadata.TryGetValue(key, out var other) && other.Type != value.Type)
                {
                    throw new ArgumentException(
                        $"The metadata key '{key}' holds {Describe(other.Type)} in this tenant's documents; this value is {Describe(value.Type)}.", nameof(metadata));
                }
            }
        }
    }

    public void Forget(string tenant) => cache.TryRemove(tenant, out _);

    private async Task<IReadOnlyList<DocumentRecord>> DocumentsAsync(string tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(tenant, out var kept) && now - kept.At < KeepFor)
        {
            return kept.Documents;
        }

        var documents = (await store.ListAsync(tenant, null, cancellationToken)).Where(d => d.Metadata.Count > 0).ToList();
        cache[tenant] = (now, documents);
        return documents;
    }

    private static string Describe(MetadataType type) => type switch
    {
        MetadataType.Text => "a string",
        MetadataType.Number => "a number",
        MetadataType.Boolean => "a boolean",
        MetadataType.Date => "an ISO date",
        _ => "an array of strings",
    };
}
