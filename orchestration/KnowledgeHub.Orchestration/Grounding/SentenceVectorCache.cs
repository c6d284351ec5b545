namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// The embeddings of a passage's sentences, kept per (encoder model, chunk id) so a chunk retrieved again is not
/// embedded again. A chunk id names one version's text (ids derive from document, version and position), so an entry
/// never goes stale; the least recently used chunks are evicted beyond <see cref="Capacity"/>. Thread-safe.
/// </summary>
internal sealed class SentenceVectorCache(int capacity)
{
    private readonly Dictionary<(string Model, string ChunkId), LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new();
    private readonly Lock gate = new();

    public int Capacity => capacity;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <returns>One vector per sentence of the chunk, in order; null when not cached.</returns>
    public float[][]? Get(string model, string chunkId)
    {
        lock (gate)
        {
            if (!entries.TryGetValue((model, chunkId), out var node))
            {
                return null;
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value.Vectors;
        }
    }

    public void Put(string model, string chunkId, float[][] vectors)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (gate)
        {
            if (entries.TryGetValue((model, chunkId), out var existing))
            {
                recency.Remove(existing);
                entries.Remove((model, chunkId));
            }

            entries[(model, chunkId)] = recency.AddFirst(new Entry(model, chunkId, vectors));
            while (entries.Count > capacity && recency.Last is { } oldest)
            {
                recency.RemoveLast();
                entries.Remove((oldest.Value.Model, oldest.Value.ChunkId));
            }
        }
    }

    private sealed record Entry(string Model, string ChunkId, float[][] Vectors);
}
