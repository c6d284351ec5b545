using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>Metadata filters: exact in every mode, AND-combined with tags and collection, and changed in place.</summary>
public abstract partial class SearchIndexCompliance
{
    private static readonly string[] Departments = ["legal", "hr", "sales"];
    private static readonly string[] Regions = ["eu", "uk", "us", "apac"];

    [IndexFact]
    public async Task Metadata_filters_with_tags_and_collection_return_exactly_the_brute_force_matches_in_every_mode()
    {
        var random = new Random(2026);
        var chunks = new List<IndexedChunk>();
        for (var d = 0; d < 40; d++)
        {
            var metadata = new Dictionary<string, MetadataValue>(StringComparer.Ordinal)
            {
                ["department"] = MetadataValue.OfString(Departments[random.Next(Departments.Length)]),
                ["year"] = MetadataValue.OfNumber(2020 + random.Next(7)),
                ["published"] = MetadataValue.OfDate(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(800))),
                ["region"] = MetadataValue.OfArray([.. Regions.Where(_ => random.Next(3) == 0)]),
                ["confidential"] = MetadataValue.OfBoolean(random.Next(2) == 0),
            };
            if (d % 9 == 0)
            {
                metadata.Remove("year");
            }

            for (var o = 0; o < 2; o++)
            {
                var vector = Unit([.. Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.01f)]);
                chunks.Add(Chunk($"doc_{d:00}", o, $"contract clause {d} part {o}", vector, collection: d % 2 == 0 ? "c1" : "c2") with
                {
                    Metadata = metadata,
                    Tags = d % 3 == 0 ? ["signed"] : ["draft"],
                });
            }
        }

        await Index.UpsertAsync(chunks);

        var checkedFilters = 0;
        for (var f = 0; f < 40; f++)
        {
            var conditions = RandomConditions(random);
            var collection = random.Next(3) == 0 ? "c1" : null;
            IReadOnlyList<string>? tags = random.Next(3) == 0 ? ["signed"] : null;
            var filter = new SearchFilter("t1", collection, Tags: tags, Metadata: conditions);
            var expected = chunks
                .Where(c => (collection is null || c.Collection == collection) && (tags is null || c.Tags!.Intersect(tags).Any()) && MetadataCondition.All(conditions, c.Metadata))
                .Select(c => c.Id)
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
            {
                var hits = await Index.SearchAsync(new SearchRequest("contract clause", Unit(1, 2, 3, 4), filter, 200, mode));

                Assert.Equal(expected, hits.Select(h => h.Chunk.Id).Order(StringComparer.Ordinal));
                Assert.All(hits, h => Assert.Equal(chunks.Single(c => c.Id == h.Chunk.Id).Metadata!.OrderBy(p => p.Key), h.Chunk.Metadata!.OrderBy(p => p.Key)));
            }

            checkedFilters += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(checkedFilters > 10, $"Only {checkedFilters} of 40 random filters matched anything: the check saw too little.");
    }

    [IndexFact]
    public async Task Changing_a_documents_metadata_takes_effect_at_the_next_search()
    {
        var vector = Unit(1, 1, 0, 0);
        await Index.UpsertAsync([Chunk("doc_a", 0, "retention policy", vector) with { Metadata = new Dictionary<string, MetadataValue> { ["year"] = MetadataValue.OfNumber(2023) } }]);
        var recent = new SearchFilter("t1", Metadata: [new MetadataCondition("year", MetadataType.Number, MetadataOperator.GreaterOrEqual, MetadataValue.OfNumber(2025))]);
        Assert.Empty(await Index.SearchAsync(new SearchRequest("retention", vector, recent, 10, SearchMode.Hybrid)));

        await Index.SetMetadataAsync("t1", "doc_a", new Dictionary<string, MetadataValue> { ["year"] = MetadataValue.OfNumber(2025) });

        var hit = Assert.Single(await Index.SearchAsync(new SearchRequest("retention", vector, recent, 10, SearchMode.Hybrid)));
        Assert.Equal(2025, hit.Chunk.Metadata!["year"].Number);
    }

    private static List<MetadataCondition> RandomConditions(Random random)
    {
        var all = new List<MetadataCondition>
        {
            new("department", MetadataType.Text, MetadataOperator.Equal, MetadataValue.OfString(Departments[random.Next(Departments.Length)])),
            new("department", MetadataType.Text, MetadataOperator.Any, Any: [Departments[random.Next(3)], Departments[random.Next(3)]]),
            new("year", MetadataType.Number, MetadataOperator.GreaterOrEqual, MetadataValue.OfNumber(2020 + random.Next(7))),
            new("year", MetadataType.Number, MetadataOperator.Less, MetadataValue.OfNumber(2021 + random.Next(7))),
            new("year", MetadataType.Number, MetadataOperator.Equal, MetadataValue.OfNumber(2020 + random.Next(7))),
            new("published", MetadataType.Date, MetadataOperator.Greater, MetadataValue.OfDate(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(800)))),
            new("published", MetadataType.Date, MetadataOperator.LessOrEqual, MetadataValue.OfDate(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(600)))),
            new("region", MetadataType.TextList, MetadataOperator.Any, Any: [Regions[random.Next(4)], Regions[random.Next(4)]]),
            new("region", MetadataType.TextList, MetadataOperator.Equal, MetadataValue.OfString(Regions[random.Next(4)])),
            new("confidential", MetadataType.Boolean, MetadataOperator.Equal, MetadataValue.OfBoolean(random.Next(2) == 0)),
        };
        return [.. all.Where(_ => random.Next(4) == 0).Take(3)];
    }
}
