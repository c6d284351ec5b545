using System.Numerics.Tensors;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// Chunk vectors in one contiguous array (a slot per chunk) with per-slot filter metadata, searched
/// exactly by dot product. Deleted slots become tombstones and are squeezed out once they outnumber
/// the live ones. Large stores also keep 8-bit codes of every vector (<see cref="Int8Vectors"/>) for a first pass
/// that picks candidates, which are then scored exactly. Not thread-safe: <see cref="EmbeddedIndex"/> guards it with a reader/writer lock.
/// </summary>
internal sealed class DenseStore
{
    private const int InitialCapacity = 1024;
    private const int MinTombstonesToCompact = 1024;

    // The 8-bit pass keeps this many candidates per wanted hit (at least MinCandidates) for the exact rescoring.
    private const int CandidatesPerHit = 10;
    private const int MinCandidates = 200;

    private const long Unknown = long.MinValue;

    private readonly int dimensions;
    private readonly int int8From;
    private readonly Dictionary<string, int> slotById = new(StringComparer.Ordinal);
    private readonly DocumentSlots documentSlots = new();

    // Tenant, collection and document ids are interned to ints so the filter compares ints per slot.
    private Dictionary<string, int> codes = new(StringComparer.Ordinal);
    private float[] vectors;
    private string?[] ids;
    private int[] tenants;
    private int[] collections;
    private int[] documents;
    private int[] versions;

    // Interned tag codes per slot (null: no tags) and creation time in UTC ticks (Unknown: not recorded).
    private int[]?[] tags;

    // Interned access group codes per slot (null: every reader of the tenant).
    private int[]?[] groups;

    // The document's metadata per slot (null: none); chunks of one upsert share one dictionary.
    private IReadOnlyDictionary<string, Metadata.MetadataValue>?[] metadata;
    private long[] created;
    private byte[] int8;
    private float[] int8Scales;
    private int used;

    /// <param name="int8From">
    /// Store size (slots) from which searches take a first 8-bit pass; below it every search is one exact scan, which
    /// is fast enough there and needs no recall caveat. Null: never (the codes are not kept).
    /// </param>
    public DenseStore(int dimensions, int? int8From = 262_144)
    {
        this.dimensions = dimensions;
        this.int8From = int8From is { } from && Int8Vectors.IsSupported ? from : int.MaxValue;
        vectors = new float[InitialCapacity * dimensions];
        int8 = KeepsInt8 ? new byte[InitialCapacity * dimensions] : [];
        int8Scales = KeepsInt8 ? new float[InitialCapacity] : [];
        ids = new string?[InitialCapacity];
        tenants = new int[InitialCapacity];
        collections = new int[InitialCapacity];
        documents = new int[InitialCapacity];
        versions = new int[InitialCapacity];
        tags = new int[]?[InitialCapacity];
        groups = new int[]?[InitialCapacity];
        metadata = new IReadOnlyDictionary<string, Metadata.MetadataValue>?[InitialCapacity];
        created = new long[InitialCapacity];
    }

    public int Count => slotById.Count;

    public int Tombstones => used - slotById.Count;

    /// <summary>Whether searches of a store this size take the 8-bit first pass.</summary>
    public bool SearchesInt8First => used >= int8From;

    private bool KeepsInt8 => int8From != int.MaxValue;

    public void Upsert(
        string id, string tenant, string collection, string documentId, int version, ReadOnlySpan<float> vector,
        IReadOnlyList<string>? tags = null, DateTimeOffset? created = null, IReadOnlyList<string>? accessGroups = null,
        IReadOnlyDictionary<string, Metadata.MetadataValue>? metadata = null)
    {
        if (slotById.TryGetValue(id, out var slot))
        {
            documentSlots.Remove(tenants[slot], documents[slot], slot);
        }
        else
        {
            EnsureCapacity(used + 1);
            slot = used++;
            slotById[id] = slot;
        }

        ids[slot] = id;
        tenants[slot] = Intern(tenant);
        collections[slot] = Intern(collection);
        documents[slot] = Intern(documentId);
        documentSlots.Add(tenants[slot], documents[slot], slot);
        versions[slot] = version;
        this.tags[slot] = tags is { Count: > 0 } ? [.. tags.Distinct(StringComparer.Ordinal).Select(Intern)] : null;
        groups[slot] = accessGroups is { Count: > 0 } ? [.. accessGroups.Distinct(StringComparer.Ordinal).Select(Intern)] : null;
        this.metadata[slot] = metadata is { Count: > 0 } ? metadata : null;
        this.created[slot] = created?.UtcTicks ?? Unknown;
        vector.CopyTo(vectors.AsSpan(slot * dimensions, dimensions));
        if (KeepsInt8)
        {
            int8Scales[slot] = Int8Vectors.Encode(vector, int8.AsSpan(slot * dimensions, dimensions));
        }
    }

    public bool Remove(string id)
    {
        if (!slotById.Remove(id, out var slot))
        {
            return false;
        }

        ids[slot] = null;
        documentSlots.Remove(tenants[slot], documents[slot], slot);
        return true;
    }

    public float[]? VectorOf(string id) =>
        slotById.TryGetValue(id, out var slot) ? vectors.AsSpan(slot * dimensions, dimensions).ToArray() : null;

    /// <summary>Ids of the document's chunks, all versions or only those below <paramref name="belowVersion"/>.</summary>
    public List<string> ChunksOf(string tenant, string documentId, int? belowVersion = null)
    {
        var result = new List<string>();
        if (!codes.TryGetValue(tenant, out var t) || !codes.TryGetValue(documentId, out var d))
        {
            return result;
        }

        foreach (var slot in documentSlots.Of(t, d))
        {
            if (belowVersion is null || versions[slot] < belowVersion)
            {
                result.Add(ids[slot]!);
            }
        }

        return result;
    }

    public int CountOf(string tenant, string? documentId)
    {
        if (!codes.TryGetValue(tenant, out var t))
        {
            return 0;
        }

        if (documentId is null)
        {
            return documentSlots.CountOf(t);
        }

        return codes.TryGetValue(documentId, out var d) ? documentSlots.Of(t, d).Count : 0;
    }

    /// <summary>
    /// Top-k by dot product over the live slots that pass the filter; ties go to the smaller id. Scores are exact; on
    /// large stores the candidates come from the 8-bit pass (<see cref="SearchesInt8First"/>), so a chunk whose 8-bit
    /// score falls outside the candidates can be missed (recall@10 against the exact scan: docs/benchmarks.md, "Scale").
    /// </summary>
    public List<ScoredId> Search(ReadOnlySpan<float> query, SearchFilter filter, int top)
    {
        var result = new List<ScoredId>();
        if (top <= 0 || !TryCompile(filter, out var compiled))
        {
            return result;
        }

        var heap = new PriorityQueue<int, (float Score, string Id)>(top + 1, WorseFirst.Instance);
        if (SearchesInt8First)
        {
            foreach (var slot in Int8Candidates(query, compiled, Math.Max(top * CandidatesPerHit, MinCandidates)))
            {
                Offer(heap, top, slot, TensorPrimitives.Dot(vectors.AsSpan(slot * dimensions, dimensions), query));
            }
        }
        else
        {
            for (var slot = 0; slot < used; slot++)
            {
                if (Passes(slot, compiled))
                {
                    Offer(heap, top, slot, TensorPrimitives.Dot(vectors.AsSpan(slot * dimensions, dimensions), query));
                }
            }
        }

        while (heap.TryDequeue(out var slot, out var priority))
        {
            result.Add(new ScoredId(ids[slot]!, priority.Score));
        }

        result.Reverse();
        return result;
    }

    private List<int> Int8Candidates(ReadOnlySpan<float> query, CompiledFilter filter, int count)
    {
        var codes = Int8Vectors.EncodeQuery(query);
        var heap = new PriorityQueue<int, float>(count + 1);
        var worst = float.NegativeInfinity;
        for (var slot = 0; slot < used; slot++)
        {
            if (!Passes(slot, filter))
            {
                continue;
            }

            var score = Int8Vectors.Dot(int8.AsSpan(slot * dimensions, dimensions), int8Scales[slot], codes);
            if (heap.Count < count)
            {
                heap.Enqueue(slot, score);
                worst = heap.Count == count ? PeekScore(heap) : worst;
            }
            else if (score > worst)
            {
                heap.EnqueueDequeue(slot, score);
                worst = PeekScore(heap);
            }
        }

        return heap.UnorderedItems.Select(item => item.Element).ToList();
    }

    private static float PeekScore(PriorityQueue<int, float> heap) => heap.TryPeek(out _, out var score) ? score : float.NegativeInfinity;

    private bool Passes(int slot, CompiledFilter filter) =>
        ids[slot] is not null && tenants[slot] == filter.Tenant
        && (filter.Collection < 0 || collections[slot] == filter.Collection)
        && (filter.Documents is null || filter.Documents.Contains(documents[slot]))
        && (filter.Tags is null || HasAnyTag(tags[slot], filter.Tags))
        && (filter.Groups is null || groups[slot] is null || HasAnyTag(groups[slot], filter.Groups))
        && (filter.Metadata is null || Metadata.MetadataCondition.All(filter.Metadata, metadata[slot]))
        && (!filter.HasDates || (created[slot] != Unknown && created[slot] >= filter.CreatedFrom && created[slot] < filter.CreatedBefore));

    private static bool HasAnyTag(int[]? tags, HashSet<int> wanted)
    {
        foreach (var tag in tags ?? [])
        {
            if (wanted.Contains(tag))
            {
                return true;
            }
        }

        return false;
    }

    private void Offer(PriorityQueue<int, (float Score, string Id)> heap, int top, int slot, float score)
    {
        var candidate = (score, ids[slot]!);
        if (heap.Count < top)
        {
            heap.Enqueue(slot, candidate);
        }
        else if (heap.TryPeek(out _, out var worst) && WorseFirst.Instance.Compare(worst, candidate) < 0)
        {
            heap.EnqueueDequeue(slot, candidate);
        }
    }

    /// <summary>Rebuilds the arrays without tombstones when they are many; returns whether it did.</summary>
    public bool CompactIfWorthwhile()
    {
        var tombstones = Tombstones;
        if (tombstones < MinTombstonesToCompact || tombstones < slotById.Count)
        {
            return false;
        }

        var old = (vectors, ids, tenants, collections, documents, versions, tags, groups, metadata, created, used, codes);
        var names = old.codes.ToDictionary(p => p.Value, p => p.Key);
        var capacity = Math.Max(InitialCapacity, slotById.Count * 2);
        vectors = new float[capacity * dimensions];
        ids = new string?[capacity];
        tenants = new int[capacity];
        collections = new int[capacity];
        documents = new int[capacity];
        versions = new int[capacity];
        tags = new int[]?[capacity];
        groups = new int[]?[capacity];
        metadata = new IReadOnlyDictionary<string, Metadata.MetadataValue>?[capacity];
        created = new long[capacity];
        int8 = KeepsInt8 ? new byte[capacity * dimensions] : [];
        int8Scales = KeepsInt8 ? new float[capacity] : [];
        codes = new Dictionary<string, int>(StringComparer.Ordinal);
        slotById.Clear();
        documentSlots.Clear();
        used = 0;
        for (var slot = 0; slot < old.used; slot++)
        {
            if (old.ids[slot] is { } id)
            {
                Upsert(id, names[old.tenants[slot]], names[old.collections[slot]], names[old.documents[slot]],
                    old.versions[slot], old.vectors.AsSpan(slot * dimensions, dimensions),
                    old.tags[slot]?.Select(code => names[code]).ToList(),
                    old.created[slot] == Unknown ? null : new DateTimeOffset(old.created[slot], TimeSpan.Zero),
                    old.groups[slot]?.Select(code => names[code]).ToList(),
                    old.metadata[slot]);
            }
        }

        return true;
    }

    private bool TryCompile(SearchFilter filter, out CompiledFilter compiled)
    {
        compiled = default;
        var collection = -1;
        if (!codes.TryGetValue(filter.Tenant, out var tenant)
            || (filter.Collection is not null && !codes.TryGetValue(filter.Collection, out collection)))
        {
            return false;
        }

        var documents = filter.DocumentIds is null ? null : Known(filter.DocumentIds);
        var tags = filter.Tags is null ? null : Known(filter.Tags);
        compiled = new CompiledFilter(
            tenant,
            collection,
            documents,
            tags,

            // Groups the store has never seen drop out; an empty set still reads every unrestricted chunk.
            filter.AccessGroups is null ? null : Known(filter.AccessGroups),
            filter.Metadata is { Count: > 0 } conditions ? conditions : null,
            filter.CreatedFrom is not null || filter.CreatedBefore is not null,
            filter.CreatedFrom?.UtcTicks ?? long.MinValue + 1,
            filter.CreatedBefore?.UtcTicks ?? long.MaxValue);

        // A list of ids or tags none of which the store has ever seen matches nothing.
        return documents is not { Count: 0 } && tags is not { Count: 0 } && compiled.CreatedFrom < compiled.CreatedBefore;
    }

    private HashSet<int> Known(IReadOnlyList<string> values)
    {
        var codes = new HashSet<int>();
        foreach (var value in values)
        {
            if (this.codes.TryGetValue(value, out var code))
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    private int Intern(string value)
    {
        if (!codes.TryGetValue(value, out var code))
        {
            code = codes.Count;
            codes[value] = code;
        }

        return code;
    }

    private void EnsureCapacity(int slots)
    {
        if (slots <= ids.Length)
        {
            return;
        }

        var capacity = Math.Max(slots, ids.Length * 2);
        Array.Resize(ref vectors, capacity * dimensions);
        Array.Resize(ref ids, capacity);
        Array.Resize(ref tenants, capacity);
        Array.Resize(ref collections, capacity);
        Array.Resize(ref documents, capacity);
        Array.Resize(ref versions, capacity);
        Array.Resize(ref tags, capacity);
        Array.Resize(ref groups, capacity);
        Array.Resize(ref metadata, capacity);
        Array.Resize(ref created, capacity);
        if (KeepsInt8)
        {
            Array.Resize(ref int8, capacity * dimensions);
            Array.Resize(ref int8Scales, capacity);
        }
    }

    private readonly record struct CompiledFilter(
        int Tenant, int Collection, HashSet<int>? Documents, HashSet<int>? Tags, HashSet<int>? Groups, IReadOnlyList<Metadata.MetadataCondition>? Metadata, bool HasDates, long CreatedFrom, long CreatedBefore);

    /// <summary>Heap order: lower score first; on equal scores the larger id counts as worse.</summary>
    private sealed class WorseFirst : IComparer<(float Score, string Id)>
    {
        public static readonly WorseFirst Instance = new();

        public int Compare((float Score, string Id) x, (float Score, string Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
