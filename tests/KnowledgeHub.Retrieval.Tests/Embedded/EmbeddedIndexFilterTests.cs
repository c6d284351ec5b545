using KnowledgeHub.Retrieval.Embedded;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public class EmbeddedIndexFilterTests
{
    private static readonly string[] Tenants = ["acme", "globex"];
    private static readonly string[] Collections = ["hr", "legal", "support"];
    private static readonly string[] Words = ["policy", "contract", "refund", "holiday", "invoice", "warranty", "claim", "leave"];
    private static readonly string[] TagNames = ["urgent", "eu", "us", "draft"];
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

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
            var tags = TagNames.Where(_ => random.Next(3) == 0).ToList();
            DateTimeOffset? created = random.Next(8) == 0 ? null : Start.AddDays(random.Next(365));
            for (var i = 0; i < random.Next(1, 6); i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 6).Select(_ => Words[random.Next(Words.Length)]));
                var vector = Unit(Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.01f).ToArray());
                chunks.Add(new IndexedChunk(
                    $"{tenant}/{documentId}/{i}", tenant, collection, documentId, 1, "f.txt", null, i, text, null, vector,
                    Tags: tags.Count == 0 ? null : tags, Created: created));
            }
        }

        await index.UpsertAsync(chunks);

        for (var round = 0; round < 300; round++)
        {
            var from = random.Next(3) == 0 ? Start.AddDays(random.Next(365)) : (DateTimeOffset?)null;
            var filter = new SearchFilter(
                Tenants[random.Next(Tenants.Length)],
                random.Next(3) == 0 ? null : Collections[random.Next(Collections.Length)],
                random.Next(2) == 0 ? null : Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"doc{random.Next(25)}").ToList(),
                random.Next(3) == 0 ? TagNames.Where(_ => random.Next(2) == 0).ToList() : null,
                from,
                random.Next(3) == 0 ? (from ?? Start).AddDays(random.Next(1, 200)) : null);
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

    [Fact]
    public async Task Tags_and_creation_dates_filter_after_the_index_is_reopened_from_its_folder()
    {
        using var folder = new KnowledgeHub.TestSupport.TempFolder();
        var march = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        using (var index = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions))
        {
            await index.UpsertAsync(
            [
                Make("eu-doc", 0, "refund policy", Unit(1, 1, 1, 1), tenant: "acme") with { Tags = ["eu", "urgent"], Created = march },
                Make("us-doc", 0, "refund policy", Unit(1, 1, 1, 1), tenant: "acme") with { Tags = ["us"], Created = march.AddMonths(2) },
                Make("old-doc", 0, "refund policy", Unit(1, 1, 1, 1), tenant: "acme"),
            ]);
        }

        using var reopened = EmbeddedIndex.Open(folder.Path, ModelId, Dimensions);
        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
        {
            async Task<string[]> Documents(SearchFilter filter) =>
                [.. (await reopened.SearchAsync(new SearchRequest("refund", Unit(1, 1, 1, 1), filter, 10, mode))).Select(h => h.Chunk.DocumentId).Order()];

            Assert.Equal(["eu-doc"], await Documents(new SearchFilter("acme", Tags: ["eu"])));
            Assert.Equal(["eu-doc", "us-doc"], await Documents(new SearchFilter("acme", Tags: ["urgent", "us"])));
            Assert.Empty(await Documents(new SearchFilter("acme", Tags: [])));
            Assert.Equal(["us-doc"], await Documents(new SearchFilter("acme", CreatedFrom: march.AddDays(1))));
            Assert.Equal(["eu-doc"], await Documents(new SearchFilter("acme", CreatedFrom: march, CreatedBefore: march.AddDays(1))));
            Assert.Empty(await Documents(new SearchFilter("acme", CreatedBefore: march)));
        }

        var hit = (await reopened.SearchAsync(new SearchRequest("refund", null, new SearchFilter("acme", Tags: ["eu"]), 1, SearchMode.Keyword)))[0];
        Assert.Equal(["eu", "urgent"], hit.Chunk.Tags);
        Assert.Equal(march, hit.Chunk.Created);
    }

    // A document without a creation time never passes a date-range filter: "unknown" is not "in range".
    private static bool Passes(IndexedChunk chunk, SearchFilter filter) =>
        chunk.Tenant == filter.Tenant
        && (filter.Collection is null || chunk.Collection == filter.Collection)
        && (filter.DocumentIds is null || filter.DocumentIds.Contains(chunk.DocumentId))
        && (filter.Tags is null || (chunk.Tags ?? []).Any(filter.Tags.Contains))
        && (filter.CreatedFrom is null || (chunk.Created is { } c1 && c1 >= filter.CreatedFrom))
        && (filter.CreatedBefore is null || (chunk.Created is { } c2 && c2 < filter.CreatedBefore));
}
