using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>Access groups: enforced inside the index's query in every mode, and changed in place without re-embedding.</summary>
public abstract partial class SearchIndexCompliance
{
    private static readonly string[] GroupNames = ["hr", "board", "legal"];

    [IndexFact]
    public async Task A_reader_gets_only_unrestricted_documents_and_those_sharing_a_group_with_top_kept_full_in_every_mode()
    {
        var random = new Random(18);
        var chunks = new List<IndexedChunk>();
        for (var d = 0; d < 40; d++)
        {
            // Documents 0-9 are ungrouped; the rest carry one or two of the three groups.
            IReadOnlyList<string>? groups = d < 10 ? null : d % 7 == 0 ? [GroupNames[d % 3], GroupNames[(d + 1) % 3]] : [GroupNames[d % 3]];
            for (var o = 0; o < 2; o++)
            {
                var vector = Unit([.. Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.01f)]);
                chunks.Add(Chunk($"doc_{d:00}", o, $"policy handbook section {d} part {o}", vector) with { AccessGroups = groups });
            }
        }

        await Index.UpsertAsync(chunks);

        IReadOnlyList<string>?[] readers = [["hr"], ["board", "legal"], [], ["unknown-group"], null];
        foreach (var reader in readers)
        {
            var readable = chunks.Where(c => AccessGroups.CanRead(reader, c.AccessGroups)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            for (var q = 0; q < 20; q++)
            {
                var vector = Unit([.. Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.01f)]);
                var top = 1 + random.Next(30);
                foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
                {
                    var hits = await Index.SearchAsync(new SearchRequest("policy handbook", vector, new SearchFilter("t1", AccessGroups: reader), top, mode));

                    Assert.All(hits, h => Assert.Contains(h.Chunk.Id, readable));
                    Assert.Equal(Math.Min(top, readable.Count), hits.Count);
                }
            }
        }
    }

    [IndexFact]
    public async Task Changing_a_documents_groups_takes_effect_at_the_next_search_keeping_text_and_vectors()
    {
        var vector = Unit(1, 2, 3, 4);
        await Index.UpsertAsync([
            Chunk("doc_a", 0, "board minutes budget", vector) with { AccessGroups = ["board"] },
            Chunk("doc_a", 1, "board minutes budget vote", vector) with { AccessGroups = ["board"] },
            Chunk("doc_b", 0, "board minutes budget", vector) with { AccessGroups = ["board"] },
        ]);
        var hr = new SearchFilter("t1", AccessGroups: ["hr"]);
        Assert.Empty(await Index.SearchAsync(new SearchRequest("budget", vector, hr, 10, SearchMode.Hybrid)));

        await Index.SetAccessGroupsAsync("t1", "doc_a", ["hr", "board"]);

        var hits = await Index.SearchAsync(new SearchRequest("budget", vector, hr, 10, SearchMode.Hybrid));
        Assert.Equal(["doc_a", "doc_a"], hits.Select(h => h.Chunk.DocumentId));
        Assert.All(hits, h => Assert.Equal(["hr", "board"], h.Chunk.AccessGroups));
        Assert.Equal(["board minutes budget", "board minutes budget vote"], hits.Select(h => h.Chunk.Text).Order(StringComparer.Ordinal));
        Assert.Equal(2, await Index.CountAsync("t1", "doc_a"));

        await Index.SetAccessGroupsAsync("t1", "doc_a", null);

        var open = await Index.SearchAsync(new SearchRequest("budget", vector, new SearchFilter("t1", AccessGroups: []), 10, SearchMode.Dense));
        Assert.Equal(["doc_a", "doc_a"], open.Select(h => h.Chunk.DocumentId));
        Assert.All(open, h => Assert.Null(h.Chunk.AccessGroups));
        Assert.Equal(3, (await Index.SearchAsync(new SearchRequest("budget", vector, new SearchFilter("t1", AccessGroups: ["board"]), 10, SearchMode.Keyword))).Count);
    }
}
