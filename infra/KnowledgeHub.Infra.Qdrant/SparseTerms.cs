using System.Text;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// A sparse vector keyed by term ids: the FNV-1a 32-bit hash of the term's UTF-8 bytes. The id of a term never
/// changes between processes, versions or machines (no vocabulary to keep in step); two terms that collide share
/// one dimension, and their weights add, since Qdrant wants each index once.
/// </summary>
public sealed class SparseTerms
{
    private SparseTerms(uint[] indices, float[] values)
    {
        Indices = indices;
        Values = values;
    }

    /// <summary>Ascending term ids.</summary>
    public uint[] Indices { get; }

    public float[] Values { get; }

    public bool IsEmpty => Indices.Length == 0;

    public static SparseTerms From(IEnumerable<KeyValuePair<string, float>> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var byId = new SortedDictionary<uint, float>();
        foreach (var (term, weight) in weights)
        {
            if (weight > 0 && term.Length > 0)
            {
                var id = TermId(term);
                byId[id] = byId.GetValueOrDefault(id) + weight;
            }
        }

        return new SparseTerms([.. byId.Keys], [.. byId.Values]);
    }

    public static uint TermId(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(term))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
