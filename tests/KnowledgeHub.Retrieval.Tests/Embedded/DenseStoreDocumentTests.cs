using KnowledgeHub.Retrieval.Embedded;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

/// <summary>A document's chunks and a tenant's count, kept per document, agree with the store's contents after every change.</summary>
public sealed class DenseStoreDocumentTests
{
    private const int Dimensions = 4;

    [Fact]
    public void Chunks_and_counts_per_document_follow_upserts_moves_removals_and_compaction()
    {
        var store = new DenseStore(Dimensions, int8From: null);
        var live = new Dictionary<string, (string Tenant, string Document, int Version)>(StringComparer.Ordinal);
        var random = new Random(11);
        string[] tenants = ["t1", "t2"];
        for (var step = 0; step < 6_000; step++)
        {
            var id = $"chunk_{random.Next(1_500)}";
            if (random.Next(4) == 0)
            {
                Assert.Equal(live.Remove(id), store.Remove(id));
            }
            else
            {
                // An id may come back under another document, tenant or version: its slot must move with it.
                var entry = (tenants[random.Next(2)], $"doc_{random.Next(40)}", random.Next(1, 4));
                store.Upsert(id, entry.Item1, "default", entry.Item2, entry.Item3, [1, 0, 0, 0]);
                live[id] = entry;
            }

            if (step % 500 == 499)
            {
                store.CompactIfWorthwhile();
                AssertAgrees(store, live, tenants);
            }
        }

        AssertAgrees(store, live, tenants);
    }

    [Fact]
    public void Removing_every_chunk_of_a_large_document_leaves_none_of_it()
    {
        var store = new DenseStore(Dimensions, int8From: null);
        for (var i = 0; i < 20_000; i++)
        {
            store.Upsert($"big_{i}", "t1", "default", "doc_big", 1, [0, 1, 0, 0]);
        }

        store.Upsert("small_0", "t1", "default", "doc_small", 1, [0, 0, 1, 0]);

        foreach (var id in store.ChunksOf("t1", "doc_big"))
        {
            Assert.True(store.Remove(id));
        }

        Assert.Empty(store.ChunksOf("t1", "doc_big"));
        Assert.Equal(0, store.CountOf("t1", "doc_big"));
        Assert.Equal(1, store.CountOf("t1", null));
        Assert.Equal(["small_0"], store.ChunksOf("t1", "doc_small"));
    }

    private static void AssertAgrees(DenseStore store, Dictionary<string, (string Tenant, string Document, int Version)> live, string[] tenants)
    {
        foreach (var tenant in tenants)
        {
            Assert.Equal(live.Values.Count(v => v.Tenant == tenant), store.CountOf(tenant, null));
            for (var d = 0; d < 40; d++)
            {
                var document = $"doc_{d}";
                var expected = live.Where(p => p.Value.Tenant == tenant && p.Value.Document == document).ToList();
                Assert.Equal(expected.Select(p => p.Key).Order(StringComparer.Ordinal), store.ChunksOf(tenant, document).Order(StringComparer.Ordinal));
                Assert.Equal(expected.Count, store.CountOf(tenant, document));
                Assert.Equal(
                    expected.Where(p => p.Value.Version < 3).Select(p => p.Key).Order(StringComparer.Ordinal),
                    store.ChunksOf(tenant, document, belowVersion: 3).Order(StringComparer.Ordinal));
            }
        }
    }
}
