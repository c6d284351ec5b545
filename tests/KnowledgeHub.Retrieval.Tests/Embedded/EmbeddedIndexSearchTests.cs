using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public sealed class EmbeddedIndexSearchTests : IDisposable
{
    private readonly EmbeddedIndex index = EmbeddedIndex.Open(null, ModelId, Dimensions);

    public void Dispose() => index.Dispose();

    private Task SeedAsync() => SeedAsync(index);

    private static Task SeedAsync(EmbeddedIndex index) => index.UpsertAsync(
    [
        Make("runner", 0, "The athlete runs every morning before work.", Unit(1, 0, 0, 0), page: 3, headingPath: "Training > Mornings"),
        Make("cook", 0, "Slow cooking of beans takes several hours.", Unit(0, 1, 0, 0)),
        Make("mixed", 0, "Running shoes and slow cooking both need patience.", Unit(1, 1, 0, 0)),
    ]);

    [Fact]
    public async Task Keyword_search_matches_stemmed_terms_and_ranks_by_bm25()
    {
        await SeedAsync();

        var hits = await index.SearchAsync(Keyword("running"));

        Assert.Equal(["mixed", "runner"], hits.Select(h => h.Chunk.DocumentId).Order(StringComparer.Ordinal));
        Assert.All(hits, h => Assert.True(h.Score > 0));
        Assert.True(hits[0].Score >= hits[1].Score);
    }

    [Fact]
    public async Task Hits_carry_the_whole_stored_chunk()
    {
        await SeedAsync();

        var expected = Make("runner", 0, "The athlete runs every morning before work.", Unit(1, 0, 0, 0), page: 3, headingPath: "Training > Mornings");

        var hit = Assert.Single(await index.SearchAsync(Keyword("athlete")));

        Assert.Equal(expected, hit.Chunk with { Vector = expected.Vector });
        Assert.Equal(expected.Vector, hit.Chunk.Vector);
    }

    [Fact]
    public async Task Heading_words_are_searchable()
    {
        await SeedAsync();

        var hit = Assert.Single(await index.SearchAsync(Keyword("mornings training")));

        Assert.Equal("runner", hit.Chunk.DocumentId);
    }

    [Fact]
    public async Task Dense_search_ranks_by_dot_product()
    {
        await SeedAsync();

        var hits = await index.SearchAsync(Dense(Unit(1, 0.2f, 0, 0)));

        Assert.Equal(["runner", "mixed", "cook"], hits.Select(h => h.Chunk.DocumentId));
        var query = Unit(1, 0.2f, 0, 0);
        Assert.Equal(query[0], hits[0].Score, 5);                       // runner = (1,0,0,0)
        Assert.Equal((query[0] + query[1]) / MathF.Sqrt(2), hits[1].Score, 5); // mixed = (1,1,0,0)/sqrt2
        Assert.Equal(query[1], hits[2].Score, 5);                       // cook = (0,1,0,0)
    }

    [Fact]
    public async Task Hybrid_search_with_rrf_fuses_both_lists_so_agreement_ranks_first()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions, fusion: new ReciprocalRankFusion(), feedback: DenseFeedback.None);
        await SeedAsync(index);

        // keyword "cooking": cook (1), mixed (2); dense (1, 0.5): mixed (1), runner (2), cook (3).
        // RRF: mixed = 1/62 + 1/61, cook = 1/61 + 1/63, runner = 1/62.
        var hits = await index.SearchAsync(new SearchRequest("cooking", Unit(1, 0.5f, 0, 0), SearchFilter.ForTenant("t1"), 10, SearchMode.Hybrid));

        Assert.Equal(["mixed", "cook", "runner"], hits.Select(h => h.Chunk.DocumentId));
        Assert.Equal((1.0 / 62) + (1.0 / 61), hits[0].Score, 12);
    }

    [Fact]
    public async Task Upserting_the_same_chunk_again_keeps_one_copy()
    {
        var chunk = Make("doc", 0, "idempotent upserts are safe", Unit(0, 0, 1, 0));

        await index.UpsertAsync([chunk]);
        await index.UpsertAsync([chunk]);
        await index.UpsertAsync([chunk, chunk]);

        Assert.Equal(1, await index.CountAsync("t1", "doc"));
        Assert.Single(await index.SearchAsync(Keyword("idempotent")));
        Assert.Single(await index.SearchAsync(Dense(Unit(0, 0, 1, 0))));
    }

    [Fact]
    public async Task Upserting_a_chunk_id_again_replaces_its_text_and_vector()
    {
        await index.UpsertAsync([Make("doc", 0, "original wording", Unit(1, 0, 0, 0))]);
        await index.UpsertAsync([Make("doc", 0, "revised wording", Unit(0, 1, 0, 0))]);

        Assert.Empty(await index.SearchAsync(Keyword("original")));
        var hit = Assert.Single(await index.SearchAsync(Keyword("revised")));
        Assert.Equal(Unit(0, 1, 0, 0), hit.Chunk.Vector);
    }

    [Fact]
    public async Task Deleting_a_document_removes_all_its_chunks_and_only_them()
    {
        await SeedAsync();
        await index.UpsertAsync([Make("cook", 1, "Beans again.", Unit(0, 1, 1, 0), version: 2)]);

        await index.DeleteDocumentAsync("t1", "cook");

        Assert.Equal(0, await index.CountAsync("t1", "cook"));
        Assert.Equal(2, await index.CountAsync("t1"));
        Assert.Empty(await index.SearchAsync(Keyword("beans")));
        Assert.DoesNotContain(await index.SearchAsync(Dense(Unit(0, 1, 0, 0))), h => h.Chunk.DocumentId == "cook");
    }

    [Fact]
    public async Task Deleting_older_versions_keeps_the_new_version()
    {
        await index.UpsertAsync(
        [
            Make("doc", 0, "first edition text", Unit(1, 0, 0, 0), version: 1),
            Make("doc", 1, "first edition appendix", Unit(1, 0, 0, 0), version: 1),
            Make("doc", 0, "second edition text", Unit(0, 1, 0, 0), version: 2),
        ]);

        await index.DeleteOlderVersionsAsync("t1", "doc", keepVersion: 2);

        Assert.Equal(1, await index.CountAsync("t1", "doc"));
        var keyword = Assert.Single(await index.SearchAsync(Keyword("edition")));
        Assert.Equal(2, keyword.Chunk.Version);
        var dense = Assert.Single(await index.SearchAsync(Dense(Unit(1, 0, 0, 0))));
        Assert.Equal(2, dense.Chunk.Version);
    }

    [Fact]
    public async Task Deletes_are_scoped_to_the_tenant()
    {
        await index.UpsertAsync(
        [
            Make("shared-id", 0, "tenant one copy", Unit(1, 0, 0, 0), tenant: "t1"),
            new IndexedChunk("t2-chunk", "t2", "c1", "shared-id", 1, "x.txt", null, 0, "tenant two copy", null, Unit(1, 0, 0, 0)),
        ]);

        await index.DeleteDocumentAsync("t2", "shared-id");

        Assert.Equal(1, await index.CountAsync("t1", "shared-id"));
        Assert.Equal(0, await index.CountAsync("t2", "shared-id"));
    }

    [Fact]
    public async Task A_query_of_only_stop_words_finds_nothing_by_keyword()
    {
        await SeedAsync();

        Assert.Empty(await index.SearchAsync(Keyword("the and of")));
        Assert.Empty(await index.SearchAsync(Keyword("?!")));
    }

    [Fact]
    public async Task Query_syntax_in_user_text_is_treated_as_words()
    {
        await SeedAsync();

        var hits = await index.SearchAsync(Keyword("athlete AND (title:\"x\" OR *) ~2 ^3 -beans"));

        Assert.Contains(hits, h => h.Chunk.DocumentId == "runner");
    }

    [Fact]
    public async Task Chinese_keyword_search_finds_a_chinese_passage()
    {
        await index.UpsertAsync(
        [
            Make("zh", 0, "预训练模型需要微调才能适应特定领域的任务。", Unit(1, 0, 0, 0)),
            Make("zh", 1, "检索增强生成把文档片段放进提示词里。", Unit(0, 1, 0, 0)),
            Make("en", 0, "Fine-tuning adapts a pretrained model.", Unit(0, 0, 1, 0)),
        ]);

        var hit = Assert.Single(await index.SearchAsync(Keyword("微调")));
        Assert.Equal(ChunkId.For("zh", 1, 0), hit.Chunk.Id);

        var mixed = await index.SearchAsync(Keyword("模型 fine-tuning"));
        Assert.Contains(mixed, h => h.Chunk.DocumentId == "en");
        Assert.Contains(mixed, h => h.Chunk.Id == ChunkId.For("zh", 1, 0));
    }

    [Fact]
    public async Task Vectors_of_the_wrong_size_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([Make("doc", 0, "text", [1f, 0f])]));
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(new SearchRequest("q", [1f], SearchFilter.ForTenant("t1"), 10, SearchMode.Dense)));
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(new SearchRequest("q", null, SearchFilter.ForTenant("t1"), 10, SearchMode.Hybrid)));
    }

    [Fact]
    public async Task Many_deletes_compact_the_vector_store_without_losing_live_chunks()
    {
        var big = Enumerable.Range(0, 2000).Select(i => Make("big", i, $"filler {i}", Unit(1, 0, 0, i % 7))).ToList();
        var small = Enumerable.Range(0, 50).Select(i => Make("small", i, $"keeper {i}", Unit(0, 1, 0, i % 5))).ToList();
        await index.UpsertAsync([.. big, .. small]);

        await index.DeleteDocumentAsync("t1", "big");
        await index.UpsertAsync([Make("late", 0, "keeper late", Unit(0, 0, 1, 0))]);

        Assert.Equal(51, await index.CountAsync("t1"));
        var dense = await index.SearchAsync(Dense(Unit(1, 1, 1, 1), top: 1000));
        Assert.Equal(51, dense.Count);
        Assert.All(dense, h => Assert.NotEqual("big", h.Chunk.DocumentId));
        Assert.All(dense, h => Assert.StartsWith("keeper", h.Chunk.Text, StringComparison.Ordinal));
        Assert.Equal(51, (await index.SearchAsync(Keyword("keeper", top: 1000))).Count);
    }

    [Fact]
    public async Task Searches_running_during_writes_always_see_a_consistent_index()
    {
        var writer = Task.Run(async () =>
        {
            for (var batch = 0; batch < 20; batch++)
            {
                await index.UpsertAsync(Enumerable.Range(0, 20).Select(i => Make($"d{batch}", i, $"concurrent text {batch} {i}", Unit(1, batch, i, 1))).ToList());
            }
        });
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var last = 0;
            while (!writer.IsCompleted)
            {
                var keyword = await index.SearchAsync(Keyword("concurrent", top: 1000));
                var dense = await index.SearchAsync(Dense(Unit(1, 1, 1, 1), top: 1000));

                // Writes land in whole batches of 20, on both sides, and never go backwards.
                Assert.Equal(0, keyword.Count % 20);
                Assert.Equal(0, dense.Count % 20);
                Assert.True(keyword.Count >= last);
                last = keyword.Count;
            }
        })).ToList();

        await Task.WhenAll([writer, .. readers]);
        Assert.Equal(400, (await index.SearchAsync(Keyword("concurrent", top: 1000))).Count);
    }
}
