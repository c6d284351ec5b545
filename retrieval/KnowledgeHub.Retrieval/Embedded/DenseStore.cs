using System.Numerics.Tensors;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// Chunk vectors in one contiguous array (a slot per chunk) with per-slot filter metadata, searched
/// exactly by dot product. Deleted slots become tombstones and are squeezed out once they outnumber
/// the live ones. Not thread-safe: <see cref="EmbeddedIndex"/> guards it with a reader/writer lock.
/// </summary>
internal sealed class DenseStore
{
    private const int InitialCapacity = 1024;
    private const int MinTombstonesToCompact = 1024;

    private readonly int _dimensions;
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);

    // Tenant, collection and document ids are interned to ints so the filter compares ints per slot.
    private Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private float[] _vectors;
    private string?[] _ids;
    private int[] _tenants;
    private int[] _collections;
    private int[] _documents;
    private int[] _versions;
    private int _used;

    public DenseStore(int dimensions)
    {
        _dimensions = dimensions;
        _vectors = new float[InitialCapacity * dimensions];
        _ids = new string?[InitialCapacity];
        _tenants = new int[InitialCapacity];
        _collections = new int[InitialCapacity];
        _documents = new int[InitialCapacity];
        _versions = new int[InitialCapacity];
    }

    public int Count => _slotById.Count;

    public int Tombstones => _used - _slotById.Count;

    public void Upsert(string id, string tenant, string collection, string documentId, int version, ReadOnlySpan<float> vector)
    {
        if (!_slotById.TryGetValue(id, out var slot))
        {
            EnsureCapacity(_used + 1);
            slot = _used++;
            _slotById[id] = slot;
        }

        _ids[slot] = id;
        _tenants[slot] = Intern(tenant);
        _collections[slot] = Intern(collection);
        _documents[slot] = Intern(documentId);
        _versions[slot] = version;
        vector.CopyTo(_vectors.AsSpan(slot * _dimensions, _dimensions));
    }

    public bool Remove(string id)
    {
        if (!_slotById.Remove(id, out var slot))
        {
            return false;
        }

        _ids[slot] = null;
        return true;
    }

    public float[]? VectorOf(string id) =>
        _slotById.TryGetValue(id, out var slot) ? _vectors.AsSpan(slot * _dimensions, _dimensions).ToArray() : null;

    /// <summary>Ids of the document's chunks, all versions or only those below <paramref name="belowVersion"/>.</summary>
    public List<string> ChunksOf(string tenant, string documentId, int? belowVersion = null)
    {
        var result = new List<string>();
        if (!_codes.TryGetValue(tenant, out var t) || !_codes.TryGetValue(documentId, out var d))
        {
            return result;
        }

        for (var slot = 0; slot < _used; slot++)
        {
            if (_ids[slot] is { } id && _tenants[slot] == t && _documents[slot] == d
                && (belowVersion is null || _versions[slot] < belowVersion))
            {
                result.Add(id);
            }
        }

        return result;
    }

    public int CountOf(string tenant, string? documentId)
    {
        if (!_codes.TryGetValue(tenant, out var t))
        {
            return 0;
        }

        var d = -1;
        if (documentId is not null && !_codes.TryGetValue(documentId, out d))
        {
            return 0;
        }

        var count = 0;
        for (var slot = 0; slot < _used; slot++)
        {
            if (_ids[slot] is not null && _tenants[slot] == t && (d < 0 || _documents[slot] == d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Exact top-k by dot product over the live slots that pass the filter; ties go to the smaller id.</summary>
    public List<ScoredId> Search(ReadOnlySpan<float> query, SearchFilter filter, int top)
    {
        var result = new List<ScoredId>();
        if (top <= 0 || !TryCompile(filter, out var tenant, out var collection, out var documents))
        {
            return result;
        }

        var heap = new PriorityQueue<int, (float Score, string Id)>(top + 1, WorseFirst.Instance);
        for (var slot = 0; slot < _used; slot++)
        {
            var id = _ids[slot];
            if (id is null || _tenants[slot] != tenant
                || (collection >= 0 && _collections[slot] != collection)
                || (documents is not null && !documents.Contains(_documents[slot])))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(_vectors.AsSpan(slot * _dimensions, _dimensions), query);
            if (heap.Count < top)
            {
                heap.Enqueue(slot, (score, id));
            }
            else if (heap.TryPeek(out _, out var worst) && WorseFirst.Instance.Compare(worst, (score, id)) < 0)
            {
                heap.EnqueueDequeue(slot, (score, id));
            }
        }

        while (heap.TryDequeue(out var slot, out var priority))
        {
            result.Add(new ScoredId(_ids[slot]!, priority.Score));
        }

        result.Reverse();
        return result;
    }

    /// <summary>Rebuilds the arrays without tombstones when they are many; returns whether it did.</summary>
    public bool CompactIfWorthwhile()
    {
        var tombstones = Tombstones;
        if (tombstones < MinTombstonesToCompact || tombstones < _slotById.Count)
        {
            return false;
        }

        var old = (_vectors, _ids, _tenants, _collections, _documents, _versions, _used, _codes);
        var names = old._codes.ToDictionary(p => p.Value, p => p.Key);
        var capacity = Math.Max(InitialCapacity, _slotById.Count * 2);
        _vectors = new float[capacity * _dimensions];
        _ids = new string?[capacity];
        _tenants = new int[capacity];
        _collections = new int[capacity];
        _documents = new int[capacity];
        _versions = new int[capacity];
        _codes = new Dictionary<string, int>(StringComparer.Ordinal);
        _slotById.Clear();
        _used = 0;
        for (var slot = 0; slot < old._used; slot++)
        {
            if (old._ids[slot] is { } id)
            {
                Upsert(id, names[old._tenants[slot]], names[old._collections[slot]], names[old._documents[slot]],
                    old._versions[slot], old._vectors.AsSpan(slot * _dimensions, _dimensions));
            }
        }

        return true;
    }

    private bool TryCompile(SearchFilter filter, out int tenant, out int collection, out HashSet<int>? documents)
    {
        collection = -1;
        documents = null;
        if (!_codes.TryGetValue(filter.Tenant, out tenant))
        {
            return false;
        }

        if (filter.Collection is not null && !_codes.TryGetValue(filter.Collection, out collection))
        {
            return false;
        }

        if (filter.DocumentIds is not null)
        {
            documents = [];
            foreach (var documentId in filter.DocumentIds)
            {
                if (_codes.TryGetValue(documentId, out var code))
                {
                    documents.Add(code);
                }
            }

            return documents.Count > 0;
        }

        return true;
    }

    private int Intern(string value)
    {
        if (!_codes.TryGetValue(value, out var code))
        {
            code = _codes.Count;
            _codes[value] = code;
        }

        return code;
    }

    private void EnsureCapacity(int slots)
    {
        if (slots <= _ids.Length)
        {
            return;
        }

        var capacity = Math.Max(slots, _ids.Length * 2);
        Array.Resize(ref _vectors, capacity * _dimensions);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _tenants, capacity);
        Array.Resize(ref _collections, capacity);
        Array.Resize(ref _documents, capacity);
        Array.Resize(ref _versions, capacity);
    }

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
