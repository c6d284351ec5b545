using KnowledgeHub.Retrieval.Embedded;
using static KnowledgeHub.Retrieval.Tests.Embedded.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public class EmbeddedIndexFilterTests
{
    private static readonly string[] Tenants = ["acme", "globex"];
    private static readonly string[] Collections = ["hr", "legal", "support"];
    private static readonly string[] Words = ["policy", "contract", "refund", "holiday", "invoice", "warranty", "claim", "leave"];

    [Fact]
    public async Task No_hit_ever_falls_outside_its_filter_in_any_mode()
    {
        var random = new Random(20240611);
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        var chunks = new List<IndexedChunk>();
        for (var d = 0; d < 40; d++)
        {
            // The same document id appears under both tenants to catch filters that ignore the tenant.
            var tenant = Tenants[d % 2];
            var collection = Collections[random.Next(Collections.Length)];
            var documentId = $"doc{d / 2}";
            for (var i = 0; i < random.Next(1, 6); i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 6).Select(_ => Words[random.Next(Words.Length)]));
                var vector = Unit(Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.01f).ToArray());
                chunks.Add(new IndexedChunk($"{tenant}/{documentId}/{i}", tenant, collection, documentId, 1, "f.txt", null, i, text, null, vector));
            }
        }

        await index.UpsertAsync(chunks);

        for (var round = 0; round < 200; round++)
        {
            var filter = new SearchFilter(
                Tenants[random.Next(Tenants.Length)],
                random.Next(3) == 0 ? null : Collections[random.Next(Collections.Length)],
                random.Next(2) == 0 ? null : Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"doc{random.Next(25)}").ToList());
            var mode = (SearchMode)random.Next(3);
            var query = string.Join(' ', Enumerable.Range(0, 2).Select(_ => Words[random.Next(Words.Length)]));
            var vector = Unit(Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.01f).ToArray());

            var hits = await index.SearchAsync(new SearchRequest(query, vector, filter, 1000, mode));

            var allowed = chunks.Where(c => Passes(c, filter)).Select(c => c.Id).ToHashSet();
            Assert.All(hits, h => Assert.Contains(h.Chunk.Id, allowed));
            if (mode == SearchMode.Dense)
            {
                // Exact search with a deep enough top returns every chunk that passes the filter.
                Assert.Equal(allowed.Count, hits.Count);
            }
        }
    }

    [Fact]
    public async Task An_unknown_tenant_or_an_empty_document_list_matches_nothing()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        await index.UpsertAsync([Make("doc", 0, "policy text", Unit(1, 1, 1, 1), tenant: "acme")]);

        foreach (var filter in new[] { SearchFilter.ForTenant("nobody"), new SearchFilter("acme", DocumentIds: []), new SearchFilter("acme", "nowhere") })
        {
            foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
            {
                Assert.Empty(await index.SearchAsync(new SearchRequest("policy", Unit(1, 1, 1, 1), filter, 10, mode)));
            }
        }
    }

    private static bool Passes(IndexedChunk chunk, SearchFilter filter) =>
        chunk.Tenant == filter.Tenant
        && (filter.Collection is null || chunk.Collection == filter.Collection)
        && (filter.DocumentIds is null || filter.DocumentIds.Contains(chunk.DocumentId));
}
