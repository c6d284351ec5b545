using System.Collections.Concurrent;

namespace KnowledgeHub.Retrieval.Rescoring;

/// <summary>
/// What a re-scorer embedded per chunk id, kept between queries. Ids change with every version, so an entry never
/// goes stale; the cache is dropped whole when it would outgrow its bound (cheaper than tracking use per entry).
/// </summary>
internal sealed class ChunkVectorCache<T>(int capacity)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Each hit's entry: from the cache, or from one <paramref name="compute"/> call for the missing hits (in order).
    /// The result does not depend on the cache afterwards, so a concurrent query that clears it changes nothing here.
    /// </summary>
    public async Task<Dictionary<string, T>> GetOrAddAsync(IReadOnlyList<SearchHit> hits, Func<List<SearchHit>, Task<IReadOnlyList<T>>> compute)
    {
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        var missing = new List<SearchHit>();
        foreach (var hit in hits.DistinctBy(h => h.Chunk.Id))
        {
            if (entries.TryGetValue(hit.Chunk.Id, out var cached))
            {
                found[hit.Chunk.Id] = cached;
            }
            else
            {
                missing.Add(hit);
            }
        }

        if (missing.Count == 0)
        {
            return found;
        }

        var computed = await compute(missing);
        if (entries.Count + missing.Count > capacity)
        {
            entries.Clear();
        }

        for (var i = 0; i < missing.Count; i++)
        {
            entries[missing[i].Chunk.Id] = computed[i];
            found[missing[i].Chunk.Id] = computed[i];
        }

        return found;
    }
}
