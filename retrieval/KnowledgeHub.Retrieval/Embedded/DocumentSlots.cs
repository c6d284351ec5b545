namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// The live slots of each document and the live chunk count of each tenant in a <see cref="DenseStore"/>, by their
/// interned codes: finding a document's chunks (which every ingested document does, to drop older versions) costs its own
/// chunks, not a scan of the whole store.
/// </summary>
internal sealed class DocumentSlots
{
    private static readonly HashSet<int> None = [];

    // Sets, not lists: deleting a document of 20,000 chunks removes its slots one by one.
    private readonly Dictionary<long, HashSet<int>> slotsByDocument = [];
    private readonly Dictionary<int, int> countByTenant = [];

    public IReadOnlyCollection<int> Of(int tenant, int document) => slotsByDocument.GetValueOrDefault(Key(tenant, document), None);

    public int CountOf(int tenant) => countByTenant.GetValueOrDefault(tenant);

    public void Add(int tenant, int document, int slot)
    {
        var key = Key(tenant, document);
        if (!slotsByDocument.TryGetValue(key, out var slots))
        {
            slots = [];
            slotsByDocument[key] = slots;
        }

        slots.Add(slot);
        countByTenant[tenant] = CountOf(tenant) + 1;
    }

    public void Remove(int tenant, int document, int slot)
    {
        var key = Key(tenant, document);
        if (!slotsByDocument.TryGetValue(key, out var slots) || !slots.Remove(slot))
        {
            return;
        }

        if (slots.Count == 0)
        {
            slotsByDocument.Remove(key);
        }

        countByTenant[tenant] = CountOf(tenant) - 1;
    }

    public void Clear()
    {
        slotsByDocument.Clear();
        countByTenant.Clear();
    }

    private static long Key(int tenant, int document) => ((long)tenant << 32) | (uint)document;
}
