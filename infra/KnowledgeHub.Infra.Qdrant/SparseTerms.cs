namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// A sparse vector keyed by term ids (<see cref="QdrantTermDictionary"/>): ascending ids, one weight each. A term
/// without an id is left out (a query term no chunk ever had matches nothing anyway).
/// </summary>
public sealed class SparseTerms
{
    private SparseTerms(uint[] indices, float[] values)
    {
        Indices = indices;
        Values = values;
    }

    public static SparseTerms Empty { get; } = new([], []);

    /// <summary>Ascending term ids.</summary>
    public uint[] Indices { get; }

    public float[] Values { get; }

    public bool IsEmpty => Indices.Length == 0;

    public static SparseTerms From(IEnumerable<KeyValuePair<string, float>> weights, Func<string, uint?> idOf)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(idOf);
        var byId = new SortedDictionary<uint, float>();
        foreach (var (term, weight) in weights)
        {
            if (weight > 0 && term.Length > 0 && idOf(term) is { } id)
            {
                // Ids are unique per term, so this only adds up a term given twice.
                byId[id] = byId.GetValueOrDefault(id) + weight;
            }
        }

        return new SparseTerms([.. byId.Keys], [.. byId.Values]);
    }
}
