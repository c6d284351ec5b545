using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>
/// The contract of <see cref="ISearchIndex"/>, run against every implementation: each concrete class supplies an
/// empty index of <see cref="Dimensions"/>-dimensional vectors per test. Both indexes fuse hybrid results with the
/// same code (<see cref="HybridFusion"/>), and the fusion-equality cases hold each index to it: its hybrid ranking
/// must be the embedded index's fusion of that index's own keyword and dense lists.
/// </summary>
public abstract class SearchIndexCompliance : IAsyncLifetime
{
    protected const string ModelId = "compliance-4d";
    protected const int Dimensions = 4;

    private ISearchIndex? index;

    protected ISearchIndex Index => index ?? throw new InvalidOperationException("The index is created in InitializeAsync.");

    /// <summary>A new, empty index for <see cref="ModelId"/>.</summary>
    protected abstract Task<ISearchIndex> CreateIndexAsync();

    protected virtual Task DisposeIndexAsync(ISearchIndex created) => Task.CompletedTask;

    public async Task InitializeAsync() => index = await CreateIndexAsync();

    public Task DisposeAsync() => index is null ? Task.CompletedTask : DisposeIndexAsync(index);

    [IndexFact]
    public async Task Upserted_chunks_are_counted_per_tenant_and_document()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "pump seals"), Chunk("doc_a", 1, "valve bodies"), Chunk("doc_b", 0, "boiler feed"), Chunk("doc_c", 0, "other", tenant: "t2")]);

        Assert.Equal(3, await Index.CountAsync("t1"));
        Assert.Equal(2, await Index.CountAsync("t1", "doc_a"));
        Assert.Equal(1, await Index.CountAsync("t2"));
        Assert.Equal(0, await Index.CountAsync("t1", "doc_c"));
    }

    [IndexFact]
    public async Task Upserting_the_same_chunks_again_does_not_duplicate_them()
    {
        var chunks = new[] { Chunk("doc_a", 0, "centrifugal pump impeller"), Chunk("doc_a", 1, "pump casing drain") };

        await Index.UpsertAsync(chunks);
        await Index.UpsertAsync(chunks);

        Assert.Equal(2, await Index.CountAsync("t1", "doc_a"));
        var hits = await Index.SearchAsync(Keyword("pump"));
        Assert.Equal(2, hits.Count);
        Assert.Equal(2, hits.Select(h => h.Chunk.Id).Distinct().Count());
    }

    [IndexFact]
    public async Task Upserting_a_chunk_id_again_replaces_its_text()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "the old gasket text")]);

        await Index.UpsertAsync([Chunk("doc_a", 0, "the new impeller text")]);

        Assert.Empty(await Index.SearchAsync(Keyword("gasket")));
        var hit = Assert.Single(await Index.SearchAsync(Keyword("impeller")));
        Assert.Equal("the new impeller text", hit.Chunk.Text);
    }

    [IndexFact]
    public async Task Deleting_a_document_removes_every_version_and_nothing_else()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "pump v1"), Chunk("doc_a", 0, "pump v2", version: 2), Chunk("doc_b", 0, "pump other"), Chunk("doc_a", 0, "pump elsewhere", tenant: "t2")]);

        await Index.DeleteDocumentAsync("t1", "doc_a");

        Assert.Equal(0, await Index.CountAsync("t1", "doc_a"));
        Assert.Equal(1, await Index.CountAsync("t1", "doc_b"));
        Assert.Equal(1, await Index.CountAsync("t2", "doc_a"));
        Assert.DoesNotContain(await Index.SearchAsync(Keyword("pump")), h => h.Chunk.DocumentId == "doc_a");
    }

    [IndexFact]
    public async Task Deleting_older_versions_keeps_the_given_version_and_newer()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_a", 0, "pump one", version: 1),
            Chunk("doc_a", 0, "pump two", version: 2),
            Chunk("doc_a", 0, "pump three", version: 3),
            Chunk("doc_b", 0, "pump other", version: 1),
        ]);

        await Index.DeleteOlderVersionsAsync("t1", "doc_a", keepVersion: 2);

        var versions = (await Index.SearchAsync(Keyword("pump"))).Where(h => h.Chunk.DocumentId == "doc_a").Select(h => h.Chunk.Version).Order();
        Assert.Equal([2, 3], versions);
        Assert.Equal(1, await Index.CountAsync("t1", "doc_b"));
    }

    [IndexFact]
    public async Task No_search_mode_returns_another_tenants_chunks()
    {
        var vector = Unit(1, 0, 0, 0);
        await Index.UpsertAsync([Chunk("doc_a", 0, "confidential pump report", vector, tenant: "t1"), Chunk("doc_b", 0, "confidential pump report", vector, tenant: "t2")]);

        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
        {
            var hits = await Index.SearchAsync(new SearchRequest("confidential pump", vector, SearchFilter.ForTenant("t2"), 10, mode));
            var hit = Assert.Single(hits);
            Assert.Equal("t2", hit.Chunk.Tenant);
        }
    }

    [IndexFact]
    public async Task The_collection_filter_returns_only_that_collection()
    {
        var vector = Unit(1, 1, 0, 0);
        await Index.UpsertAsync([Chunk("doc_a", 0, "turbine blade", vector, collection: "manuals"), Chunk("doc_b", 0, "turbine blade", vector, collection: "reports")]);

        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
        {
            var hits = await Index.SearchAsync(new SearchRequest("turbine", vector, new SearchFilter("t1", "reports"), 10, mode));
            Assert.Equal("doc_b", Assert.Single(hits).Chunk.DocumentId);
        }
    }

    [IndexFact]
    public async Task The_document_filter_returns_only_the_listed_documents()
    {
        var vector = Unit(0, 1, 0, 0);
        await Index.UpsertAsync([Chunk("doc_a", 0, "flange bolt", vector), Chunk("doc_b", 0, "flange bolt", vector), Chunk("doc_c", 0, "flange bolt", vector)]);

        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
        {
            var hits = await Index.SearchAsync(new SearchRequest("flange", vector, new SearchFilter("t1", DocumentIds: ["doc_a", "doc_c"]), 10, mode));
            Assert.Equal(["doc_a", "doc_c"], hits.Select(h => h.Chunk.DocumentId).Order());
        }

        Assert.Empty(await Index.SearchAsync(new SearchRequest("flange", vector, new SearchFilter("t1", DocumentIds: []), 10, SearchMode.Hybrid)));
    }

    [IndexFact]
    public async Task The_tag_filter_returns_chunks_of_documents_with_any_of_the_tags()
    {
        var vector = Unit(0, 0, 1, 0);
        await Index.UpsertAsync(
        [
            Chunk("doc_a", 0, "gasket torque", vector) with { Tags = ["safety", "pumps"] },
            Chunk("doc_b", 0, "gasket torque", vector) with { Tags = ["valves"] },
            Chunk("doc_c", 0, "gasket torque", vector),
        ]);

        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
        {
            var hits = await Index.SearchAsync(new SearchRequest("gasket", vector, new SearchFilter("t1", Tags: ["pumps", "valves"]), 10, mode));
            Assert.Equal(["doc_a", "doc_b"], hits.Select(h => h.Chunk.DocumentId).Order());
        }

        Assert.Empty(await Index.SearchAsync(new SearchRequest("gasket", vector, new SearchFilter("t1", Tags: []), 10, SearchMode.Hybrid)));
    }

    [IndexFact]
    public async Task The_creation_range_includes_its_start_and_excludes_its_end()
    {
        var vector = Unit(0, 1, 1, 0);
        var day = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        await Index.UpsertAsync(
        [
            Chunk("doc_before", 0, "impeller wear", vector) with { Created = day.AddDays(-1) },
            Chunk("doc_start", 0, "impeller wear", vector) with { Created = day },
            Chunk("doc_inside", 0, "impeller wear", vector) with { Created = day.AddHours(12) },
            Chunk("doc_end", 0, "impeller wear", vector) with { Created = day.AddDays(1) },
            Chunk("doc_unknown", 0, "impeller wear", vector),
        ]);

        foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Dense, SearchMode.Hybrid })
        {
            var hits = await Index.SearchAsync(new SearchRequest("impeller", vector, new SearchFilter("t1", CreatedFrom: day, CreatedBefore: day.AddDays(1)), 10, mode));
            Assert.Equal(["doc_inside", "doc_start"], hits.Select(h => h.Chunk.DocumentId).Order());
        }
    }

    [IndexFact]
    public async Task Keyword_search_matches_english_words_by_their_stem()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "The pumps were running hot."), Chunk("doc_b", 0, "The valve was closed.")]);

        var hit = Assert.Single(await Index.SearchAsync(Keyword("pumping")));

        Assert.Equal("doc_a", hit.Chunk.DocumentId);
        Assert.Empty(await Index.SearchAsync(Keyword("compressor")));
    }

    [IndexFact]
    public async Task Keyword_search_ranks_the_chunk_with_more_matching_terms_first()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_a", 0, "bearing temperature alarm on the feed pump"),
            Chunk("doc_b", 0, "the feed pump was serviced"),
            Chunk("doc_c", 0, "lunch menu for friday"),
        ]);

        var hits = await Index.SearchAsync(Keyword("bearing temperature alarm pump"));

        Assert.Equal(["doc_a", "doc_b"], hits.Select(h => h.Chunk.DocumentId));
    }

    [IndexFact]
    public async Task Keyword_search_matches_chinese_words()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_zh", 0, "大语言模型的产品需要检索增强生成，才能回答企业内部的问题。"),
            Chunk("doc_zh2", 0, "今天的天气很好，我们去公园散步。"),
        ]);

        var hits = await Index.SearchAsync(Keyword("检索增强"));

        Assert.Equal("doc_zh", Assert.Single(hits).Chunk.DocumentId);
    }

    [IndexFact]
    public async Task Dense_search_ranks_the_nearest_vector_first()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_a", 0, "alpha", Unit(1, 0, 0, 0)),
            Chunk("doc_b", 0, "beta", Unit(0.8f, 0.6f, 0, 0)),
            Chunk("doc_c", 0, "gamma", Unit(0, 0, 1, 0)),
        ]);

        var hits = await Index.SearchAsync(new SearchRequest(string.Empty, Unit(1, 0.1f, 0, 0), SearchFilter.ForTenant("t1"), 2, SearchMode.Dense));

        Assert.Equal(["doc_a", "doc_b"], hits.Select(h => h.Chunk.DocumentId));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [IndexFact]
    public async Task Hybrid_search_returns_what_either_side_finds()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_keyword", 0, "cavitation damage on the impeller", Unit(0, 0, 0, 1)),
            Chunk("doc_dense", 0, "unrelated words entirely", Unit(1, 0, 0, 0)),
            Chunk("doc_neither", 0, "quarterly budget", Unit(0, 0, 1, 0)),
        ]);

        var hits = await Index.SearchAsync(new SearchRequest("cavitation", Unit(1, 0, 0, 0), SearchFilter.ForTenant("t1"), 2, SearchMode.Hybrid));

        Assert.Equal(["doc_dense", "doc_keyword"], hits.Select(h => h.Chunk.DocumentId).Order());
    }

    [IndexFact]
    public async Task Hybrid_search_puts_a_chunk_both_sides_find_first()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_both", 0, "seal leakage at the gland", Unit(1, 0, 0, 0)),
            Chunk("doc_keyword", 0, "seal leakage noted", Unit(0, 0, 0, 1)),
            Chunk("doc_dense", 0, "unrelated words", Unit(0.9f, 0.1f, 0, 0)),
        ]);

        var hits = await Index.SearchAsync(new SearchRequest("gland seal leakage", Unit(1, 0, 0, 0), SearchFilter.ForTenant("t1"), 3, SearchMode.Hybrid));

        Assert.Equal("doc_both", hits[0].Chunk.DocumentId);
    }

    [IndexFact]
    public async Task Hits_carry_every_stored_field_and_the_vector()
    {
        var vector = Unit(0.5f, 0.5f, 0.5f, 0.5f);
        var stored = Chunk("doc_a", 3, "pressure relief valve setting", vector, version: 2, page: 7, headingPath: "4 Safety > 4.2 Valves") with
        {
            FileName = "manual.pdf",
            Box = new PageBox(72, 100.5, 300, 220.25),
            Tags = ["safety", "valves"],
            Created = new DateTimeOffset(2026, 11, 27, 8, 30, 15, TimeSpan.Zero),
        };
        await Index.UpsertAsync([stored]);

        var hit = Assert.Single(await Index.SearchAsync(Keyword("relief valve")));

        Assert.Equal(stored.Id, hit.Chunk.Id);
        Assert.Equal(("t1", "c1", "doc_a", 2, "manual.pdf", 7, 3), (hit.Chunk.Tenant, hit.Chunk.Collection, hit.Chunk.DocumentId, hit.Chunk.Version, hit.Chunk.FileName, hit.Chunk.Page, hit.Chunk.Ordinal));
        Assert.Equal("4 Safety > 4.2 Valves", hit.Chunk.HeadingPath);
        Assert.Equal(stored.Text, hit.Chunk.Text);
        Assert.Equal(stored.Box, hit.Chunk.Box);
        Assert.Equal(stored.Tags, hit.Chunk.Tags);
        Assert.Equal(stored.Created, hit.Chunk.Created);
        Assert.Equal(vector.Length, hit.Chunk.Vector.Length);
        for (var i = 0; i < vector.Length; i++)
        {
            Assert.Equal(vector[i], hit.Chunk.Vector[i], 1e-5f);
        }
    }

    [IndexFact]
    public async Task A_section_is_the_neighbours_under_the_same_heading_in_ordinal_order()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_a", 3, "d", headingPath: "2 Install"),
            Chunk("doc_a", 0, "a", headingPath: "1 Intro"),
            Chunk("doc_a", 1, "b", headingPath: "2 Install"),
            Chunk("doc_a", 2, "c", headingPath: "2 Install"),
            Chunk("doc_a", 6, "far", headingPath: "2 Install"),
            Chunk("doc_a", 2, "old version", headingPath: "2 Install", version: 0),
        ]);

        var section = await Index.GetSectionAsync(Chunk("doc_a", 2, "c", headingPath: "2 Install"), maxNeighbours: 1);

        Assert.Equal(["b", "c", "d"], section.Select(c => c.Text));
    }

    [IndexFact]
    public async Task A_search_without_matching_terms_or_documents_returns_nothing()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "pump")]);

        Assert.Empty(await Index.SearchAsync(Keyword("the and of")));
        Assert.Empty(await Index.SearchAsync(Keyword("pump", tenant: "nobody")));
    }

    [IndexFact]
    public async Task A_chunk_flag_is_stored_returned_and_can_be_cleared()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "pump seals") with { Suspicious = "asks to ignore previous instructions" }, Chunk("doc_a", 1, "pump casing")]);

        var flagged = await Index.SearchAsync(Keyword("pump"));
        await Index.SetSuspiciousAsync("t1", ChunkId.For("doc_a", 1, 0), null);
        var cleared = await Index.SearchAsync(Keyword("pump"));

        Assert.Equal("asks to ignore previous instructions", flagged.Single(h => h.Chunk.Ordinal == 0).Chunk.Suspicious);
        Assert.Null(flagged.Single(h => h.Chunk.Ordinal == 1).Chunk.Suspicious);
        Assert.All(cleared, h => Assert.Null(h.Chunk.Suspicious));
        Assert.Equal(2, cleared.Count);
        Assert.Equal("pump seals", cleared.Single(h => h.Chunk.Ordinal == 0).Chunk.Text);
    }

    [IndexFact]
    public async Task Setting_a_flag_keeps_the_chunk_findable_by_text_and_vector()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "boiler feed pump", vector: Unit(1, 0, 0, 0)), Chunk("doc_b", 0, "valve body", vector: Unit(0, 1, 0, 0))]);

        await Index.SetSuspiciousAsync("t1", ChunkId.For("doc_a", 1, 0), "asks for credentials at a link");

        var byText = Assert.Single(await Index.SearchAsync(Keyword("boiler")));
        var byVector = await Index.SearchAsync(new SearchRequest(string.Empty, Unit(1, 0, 0, 0), SearchFilter.ForTenant("t1"), 1, SearchMode.Dense));
        Assert.Equal("asks for credentials at a link", byText.Chunk.Suspicious);
        Assert.Equal(ChunkId.For("doc_a", 1, 0), Assert.Single(byVector).Chunk.Id);
        Assert.Equal("asks for credentials at a link", byVector[0].Chunk.Suspicious);
        Assert.Equal(1, await Index.CountAsync("t1", "doc_a"));
    }

    [IndexFact]
    public async Task Another_tenant_cannot_set_a_chunk_flag()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "pump seals") with { Suspicious = "asks to ignore previous instructions" }]);

        await Index.SetSuspiciousAsync("t2", ChunkId.For("doc_a", 1, 0), null);
        await Index.SetSuspiciousAsync("t1", ChunkId.For("doc_missing", 1, 0), null);

        Assert.Equal("asks to ignore previous instructions", Assert.Single(await Index.SearchAsync(Keyword("pump"))).Chunk.Suspicious);
    }

    [IndexFact]
    public Task Hybrid_ranking_is_the_embedded_z_score_fusion_of_the_index_own_lists() =>
        AssertHybridIsEmbeddedFusionAsync(new FusionSettings { DenseFeedbackChunks = 0 });

    [IndexFact]
    public Task Hybrid_ranking_is_the_embedded_weighted_rrf_of_the_index_own_lists() =>
        AssertHybridIsEmbeddedFusionAsync(new FusionSettings { Method = "rrf", RrfK = 10, KeywordWeight = 2, DenseWeight = 0.5, DenseFeedbackChunks = 0 });

    [IndexFact]
    public Task Hybrid_ranking_with_dense_feedback_is_the_embedded_fusion_of_the_index_own_lists() =>
        AssertHybridIsEmbeddedFusionAsync(new FusionSettings { KeywordWeight = 0.7, DenseWeight = 1.3, DenseFeedbackChunks = 2 });

    [IndexFact]
    public async Task Heading_terms_find_a_chunk_whose_body_lacks_them()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "open the drain cock slowly", headingPath: "Boiler blowdown"), Chunk("doc_b", 0, "boiler feed pump seals")]);

        var hits = await Index.SearchAsync(Keyword("blowdown"));

        Assert.Equal(ChunkId.For("doc_a", 1, 0), Assert.Single(hits).Chunk.Id);
    }

    /// <summary>
    /// The small corpus: keyword scores spread by term frequency and length, vectors spread around the query, some
    /// chunks found by one side only. The index's own keyword-only and dense-only searches (as deep as a hybrid
    /// search's candidate lists), refined by dense feedback when asked for and fused by <see cref="HybridFusion"/>
    /// with the embedded index's defaults, must give the index's hybrid ranking and scores.
    /// </summary>
    private async Task AssertHybridIsEmbeddedFusionAsync(FusionSettings settings)
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_a", 0, "centrifugal pump seal replacement and pump seal inspection", Unit(0.9f, 0.3f, 0.1f, 0)),
            Chunk("doc_b", 0, "the pump casing holds the impeller", Unit(0.2f, 0.9f, 0.1f, 0.1f)),
            Chunk("doc_c", 0, "seal kits for valves, gaskets and flanges in the boiler room", Unit(0.7f, 0.1f, 0.6f, 0.2f)),
            Chunk("doc_d", 0, "boiler feed water chemistry", Unit(0.95f, 0.05f, 0, 0.1f)),
            Chunk("doc_e", 0, "pump", Unit(0, 0, 1, 0)),
            Chunk("doc_f", 0, "cooling tower fan bearings", Unit(0.5f, 0.5f, 0.5f, 0.5f)),
            Chunk("doc_g", 0, "replacing a mechanical seal on a split case pump takes two fitters half a day", Unit(0.6f, 0.2f, 0.1f, 0.7f)),
        ]);
        var query = Unit(1f, 0.2f, 0, 0);
        var filter = SearchFilter.ForTenant("t1");
        var hybrid = new SearchRequest("pump seal", query, filter, Top: 5) { Fusion = settings };
        var depth = hybrid.EffectiveDepth;

        var keyword = (await Index.SearchAsync(new SearchRequest("pump seal", null, filter, depth, SearchMode.Keyword))).Select(h => new ScoredId(h.Chunk.Id, h.Score)).ToList();
        var denseHits = await Index.SearchAsync(new SearchRequest("pump seal", query, filter, depth, SearchMode.Dense));
        var dense = denseHits.Select(h => new ScoredId(h.Chunk.Id, h.Score)).ToList();
        if (settings.DenseFeedbackChunks > 0)
        {
            var vectors = denseHits.ToDictionary(h => h.Chunk.Id, h => h.Chunk.Vector);
            var refined = HybridFusion.FeedbackVector(query, dense, settings.DenseFeedbackChunks, id => vectors.GetValueOrDefault(id));
            dense = (await Index.SearchAsync(new SearchRequest("pump seal", refined, filter, depth, SearchMode.Dense))).Select(h => new ScoredId(h.Chunk.Id, h.Score)).ToList();
        }

        var expected = HybridFusion.Fuse(hybrid, keyword, dense, EmbeddedIndex.DefaultFusion());
        var actual = await Index.SearchAsync(hybrid);

        Assert.True(keyword.Count >= 4 && dense.Count == 7, "the corpus must give both sides candidates");
        Assert.Equal(expected.Select(c => c.Id), actual.Select(h => h.Chunk.Id));
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-9));
    }

    protected static IndexedChunk Chunk(
        string documentId,
        int ordinal,
        string text,
        float[]? vector = null,
        string tenant = "t1",
        string collection = "c1",
        int version = 1,
        int? page = null,
        string? headingPath = null) =>
        new(ChunkId.For(documentId, version, ordinal), tenant, collection, documentId, version, documentId + ".txt", page, ordinal, text, headingPath, vector ?? Unit(1, 1, 1, 1));

    protected static float[] Unit(params float[] values)
    {
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return values.Select(v => v / norm).ToArray();
    }

    private static SearchRequest Keyword(string text, string tenant = "t1") => new(text, null, SearchFilter.ForTenant(tenant), 10, SearchMode.Keyword);
}
