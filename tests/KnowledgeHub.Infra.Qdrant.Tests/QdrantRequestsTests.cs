using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;
using KnowledgeHub.TestSupport;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests;

public sealed class QdrantRequestsTests
{
    private static readonly QdrantIndexOptions Options = new() { Url = "http://q:6334", Deadline = TimeSpan.FromSeconds(7.9) };
    private static readonly QdrantIndexOptions ServerFusion = new() { Url = "http://q:6334", Fusion = "server" };

    [Fact]
    public void Filter_requires_the_tenant_and_the_collection_and_any_of_the_document_ids()
    {
        var filter = QdrantRequests.Filter(new SearchFilter("acme", "manuals", ["doc_a", "doc_b", "doc_a"]));

        Assert.Empty(filter.Should);
        Assert.Empty(filter.MustNot);
        Assert.Equal(3, filter.Must.Count);
        Assert.Equal(("tenant", "acme"), (filter.Must[0].Field.Key, filter.Must[0].Field.Match.Keyword));
        Assert.Equal(("collection", "manuals"), (filter.Must[1].Field.Key, filter.Must[1].Field.Match.Keyword));
        Assert.Equal("documentId", filter.Must[2].Field.Key);
        Assert.Equal(["doc_a", "doc_b"], filter.Must[2].Field.Match.Keywords.Strings);
    }

    [Fact]
    public void Filter_requires_any_of_the_tags_and_the_creation_range_as_ticks()
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var before = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.FromHours(2));

        var filter = QdrantRequests.Filter(new SearchFilter("acme", Tags: ["safety", "pumps"], CreatedFrom: from, CreatedBefore: before));

        Assert.Equal(["tenant", "tags", "created"], filter.Must.Select(c => c.Field.Key));
        Assert.Equal(["safety", "pumps"], filter.Must[1].Field.Match.Keywords.Strings);
        var range = filter.Must[2].Field.Range;
        Assert.Equal((double)from.UtcTicks, range.Gte);
        Assert.Equal((double)before.UtcTicks, range.Lt);
        Assert.False(range.HasLte);
        Assert.False(range.HasGt);
    }

    [Fact]
    public void Filter_of_a_reader_with_groups_requires_no_access_groups_or_one_of_the_readers()
    {
        var filter = QdrantRequests.Filter(new SearchFilter("acme", AccessGroups: ["hr", "board", "hr"]));

        Assert.Equal(2, filter.Must.Count);
        var readable = filter.Must[1].Filter;
        Assert.Empty(readable.Must);
        Assert.Equal(2, readable.Should.Count);
        Assert.Equal("accessGroups", readable.Should[0].IsEmpty.Key);
        Assert.Equal("accessGroups", readable.Should[1].Field.Key);
        Assert.Equal(["hr", "board"], readable.Should[1].Field.Match.Keywords.Strings);
    }

    [Fact]
    public void Filter_of_a_reader_without_groups_requires_no_access_groups_and_an_admins_filter_has_no_group_condition()
    {
        var readable = QdrantRequests.Filter(new SearchFilter("acme", AccessGroups: [])).Must[1].Filter;
        var admin = QdrantRequests.Filter(new SearchFilter("acme"));

        Assert.Equal("accessGroups", Assert.Single(readable.Should).IsEmpty.Key);
        Assert.Single(admin.Must);
    }

    [Fact]
    public void Every_search_request_carries_the_group_filter_on_every_side()
    {
        var search = new SearchRequest("pump seals", [1f, 0, 0, 0], new SearchFilter("acme", AccessGroups: ["hr"]), Top: 5);

        var batch = QdrantRequests.Candidates("kh_model", search, Bm25SparseVectors.ForQuery(search, TestTerms.Id), 50, Options);
        var server = QdrantRequests.Query("kh_model", search, Bm25SparseVectors.ForQuery(search, TestTerms.Id), ServerFusion);

        var groupCondition = QdrantRequests.Filter(search.Filter).Must[1];
        Assert.All(batch.QueryPoints, q => Assert.Contains(groupCondition, q.Filter.Must));
        Assert.All(batch.QueryPoints.SelectMany(q => q.Prefetch), p => Assert.Contains(groupCondition, p.Filter.Must));
        Assert.Contains(groupCondition, server.Filter.Must);
        Assert.Contains(groupCondition, server.Prefetch[0].Filter.Must);
    }

    [Fact]
    public void Access_groups_travel_in_the_payload_and_change_in_place_for_every_point_of_the_document()
    {
        var grouped = TestChunks.Make("doc_a", 0, "text") with { AccessGroups = ["hr", "board"] };
        var open = TestChunks.Make("doc_a", 1, "text");

        var points = QdrantRequests.Upsert("col", [grouped, open], TestTerms.Id).Points;
        var set = QdrantRequests.SetAccessGroups("col", "acme", "doc_a", ["legal"]);
        var clear = QdrantRequests.ClearAccessGroups("col", "acme", "doc_a");

        Assert.Equal(["hr", "board"], points[0].Payload["accessGroups"].ListValue.Values.Select(v => v.StringValue));
        Assert.False(points[1].Payload.ContainsKey("accessGroups"));
        Assert.Equal(["hr", "board"], QdrantPayload.Read(points[0].Payload, grouped.Vector).AccessGroups);
        Assert.Null(QdrantPayload.Read(points[1].Payload, open.Vector).AccessGroups);
        Assert.Equal(["legal"], set.Payload["accessGroups"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal(["accessGroups"], clear.Keys);
        foreach (var selector in new[] { set.PointsSelector.Filter, clear.PointsSelector.Filter })
        {
            Assert.Equal([("tenant", "acme"), ("documentId", "doc_a")], selector.Must.Select(c => (c.Field.Key, c.Field.Match.Keyword)));
        }
    }

    [Fact]
    public void Metadata_conditions_become_keyword_bool_and_range_conditions_on_the_metadata_object()
    {
        var date = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var filter = QdrantRequests.Filter(new SearchFilter("acme", Metadata:
        [
            new("department", MetadataType.Text, MetadataOperator.Equal, MetadataValue.OfString("legal")),
            new("year", MetadataType.Number, MetadataOperator.GreaterOrEqual, MetadataValue.OfNumber(2023)),
            new("published", MetadataType.Date, MetadataOperator.Less, MetadataValue.OfDate(date)),
            new("region", MetadataType.TextList, MetadataOperator.Any, Any: ["eu", "uk", "eu"]),
            new("confidential", MetadataType.Boolean, MetadataOperator.Equal, MetadataValue.OfBoolean(false)),
        ]));

        Assert.Equal(["tenant", "metadata.department", "metadata.year", "metadata.published", "metadata.region", "metadata.confidential"], filter.Must.Select(c => c.Field.Key));
        Assert.Equal("legal", filter.Must[1].Field.Match.Keyword);
        Assert.Equal(2023, filter.Must[2].Field.Range.Gte);
        Assert.Equal((double)date.UtcTicks, filter.Must[3].Field.Range.Lt);
        Assert.Equal(["eu", "uk"], filter.Must[4].Field.Match.Keywords.Strings);
        Assert.False(filter.Must[5].Field.Match.Boolean);
        Assert.Equal(
            [FieldType.Keyword, FieldType.Float, FieldType.Integer, FieldType.Bool],
            new[] { MetadataType.TextList, MetadataType.Number, MetadataType.Date, MetadataType.Boolean }.Select(t => QdrantRequests.MetadataIndex("col", "k", t).FieldType));
        Assert.Equal("metadata.k", QdrantRequests.MetadataIndex("col", "k", MetadataType.Text).FieldName);
    }

    [Fact]
    public void Metadata_travels_in_the_payload_as_an_object_and_json_and_reads_back_with_its_types()
    {
        var metadata = new Dictionary<string, MetadataValue>
        {
            ["year"] = MetadataValue.OfNumber(2024),
            ["published"] = MetadataValue.OfDate(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            ["region"] = MetadataValue.OfArray(["eu"]),
        };
        var chunk = TestChunks.Make("doc_a", 0, "text") with { Metadata = metadata };

        var point = Assert.Single(QdrantRequests.Upsert("col", [chunk], TestTerms.Id).Points);
        var read = QdrantPayload.Read(point.Payload, chunk.Vector).Metadata!;

        Assert.Equal(2024, point.Payload["metadata"].StructValue.Fields["year"].DoubleValue);
        Assert.Equal(metadata["published"].Date.UtcTicks, point.Payload["metadata"].StructValue.Fields["published"].IntegerValue);
        Assert.Equal(metadata.OrderBy(p => p.Key), read.OrderBy(p => p.Key));
    }

    [Fact]
    public void Filter_with_an_open_creation_range_sets_one_bound()
    {
        var before = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

        var range = QdrantRequests.Filter(new SearchFilter("acme", CreatedBefore: before)).Must[1].Field.Range;

        Assert.False(range.HasGte);
        Assert.Equal((double)before.UtcTicks, range.Lt);
    }

    [Fact]
    public void The_planted_instruction_flag_travels_in_the_payload_and_back_and_is_absent_when_clean()
    {
        var flagged = TestChunks.Make("doc_a", 0, "text") with { Suspicious = "asks to ignore previous instructions" };
        var clean = TestChunks.Make("doc_a", 1, "text");

        var points = QdrantRequests.Upsert("col", [flagged, clean], TestTerms.Id).Points;

        Assert.Equal("asks to ignore previous instructions", QdrantPayload.Read(points[0].Payload, flagged.Vector).Suspicious);
        Assert.False(points[1].Payload.ContainsKey("suspicious"));
        Assert.Null(QdrantPayload.Read(points[1].Payload, clean.Vector).Suspicious);
    }

    [Fact]
    public void Setting_and_clearing_a_flag_select_the_tenants_point_of_that_chunk_only()
    {
        var set = QdrantRequests.SetSuspicious("col", "acme", "doc_a:1:0", "asks for credentials at a link");
        var clear = QdrantRequests.ClearSuspicious("col", "acme", "doc_a:1:0");

        Assert.Equal("asks for credentials at a link", set.Payload["suspicious"].StringValue);
        Assert.Equal(["suspicious"], clear.Keys);
        foreach (var filter in new[] { set.PointsSelector.Filter, clear.PointsSelector.Filter })
        {
            Assert.Equal(("tenant", "acme"), (filter.Must[0].Field.Key, filter.Must[0].Field.Match.Keyword));
            Assert.Equal(QdrantRequests.PointId("doc_a:1:0"), Assert.Single(filter.Must[1].HasId.HasId));
        }

        Assert.True(set.Wait && clear.Wait);
    }

    [Fact]
    public void Deleting_an_excluded_chunk_selects_the_tenants_point_of_that_chunk_only()
    {
        var delete = QdrantRequests.DeleteChunk("col", "acme", "doc_a:1:3");

        var filter = delete.Points.Filter;
        Assert.Equal("col", delete.CollectionName);
        Assert.Equal(2, filter.Must.Count);
        Assert.Equal(("tenant", "acme"), (filter.Must[0].Field.Key, filter.Must[0].Field.Match.Keyword));
        Assert.Equal(QdrantRequests.PointId("doc_a:1:3"), Assert.Single(filter.Must[1].HasId.HasId));
        Assert.NotEqual(QdrantRequests.PointId("doc_a:1:0"), filter.Must[1].HasId.HasId[0]);
        Assert.True(delete.Wait);
    }

    [Fact]
    public void Tags_and_creation_time_travel_in_the_payload_and_back()
    {
        var created = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234);
        var chunk = TestChunks.Make("doc_a", 0, "text") with { Tags = ["safety", "pumps"], Created = created };

        var point = QdrantRequests.Upsert("col", [chunk], TestTerms.Id).Points[0];
        var read = QdrantPayload.Read(point.Payload, chunk.Vector);

        Assert.Equal(["safety", "pumps"], point.Payload["tags"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal(created.UtcTicks, point.Payload["created"].IntegerValue);
        Assert.Equal(chunk.Tags, read.Tags);
        Assert.Equal(created, read.Created);
    }

    [Fact]
    public void Filter_of_a_tenant_alone_matches_only_the_tenant()
    {
        var filter = QdrantRequests.Filter(SearchFilter.ForTenant("acme"));

        var condition = Assert.Single(filter.Must);
        Assert.Equal(("tenant", "acme"), (condition.Field.Key, condition.Field.Match.Keyword));
    }

    [Fact]
    public void Point_ids_are_uuids_computed_from_the_chunk_id()
    {
        var chunk = TestChunks.Make("doc_a", 3, "text");

        var first = QdrantRequests.Upsert("col", [chunk], TestTerms.Id).Points[0].Id;
        var again = QdrantRequests.Upsert("col", [chunk], TestTerms.Id).Points[0].Id;
        var other = QdrantRequests.Upsert("col", [TestChunks.Make("doc_a", 4, "text")], TestTerms.Id).Points[0].Id;

        Assert.Equal(PointId.PointIdOptionsOneofCase.Uuid, first.PointIdOptionsCase);
        Assert.True(Guid.TryParse(first.Uuid, out var uuid));
        Assert.Equal(ChunkId.ToUuid(chunk.Id), uuid);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Points_carry_the_named_dense_vector_the_body_and_heading_sparse_vectors_and_the_payload()
    {
        var chunk = TestChunks.Make("doc_a", 2, "Pump pump seals", version: 3, headingPath: "2 Pumps", page: 5) with { Box = new PageBox(1, 2, 3, 4) };

        var request = QdrantRequests.Upsert("kh_model", [chunk], TestTerms.Id);

        Assert.Equal("kh_model", request.CollectionName);
        Assert.True(request.Wait);
        var point = Assert.Single(request.Points);
        var vectors = point.Vectors.Vectors_.Vectors;
        Assert.Equal(["bm25", "bm25_heading", "dense"], vectors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(chunk.Vector, vectors["dense"].Dense.Data);
        var sparse = vectors["bm25"].Sparse;
        Assert.Equal(Bm25SparseVectors.ForChunk(chunk, TestTerms.Id).Body.Indices, sparse.Indices);
        Assert.Contains(TestTerms.Of("pump"), sparse.Indices);
        Assert.Equal(Bm25SparseVectors.ForChunk(chunk, TestTerms.Id).Heading.Indices, vectors["bm25_heading"].Sparse.Indices);
        Assert.Contains(TestTerms.Of("pump"), vectors["bm25_heading"].Sparse.Indices);
        Assert.Equal(chunk.Id, point.Payload["chunkId"].StringValue);
        Assert.Equal("t1", point.Payload["tenant"].StringValue);
        Assert.Equal("c1", point.Payload["collection"].StringValue);
        Assert.Equal("doc_a", point.Payload["documentId"].StringValue);
        Assert.Equal(3, point.Payload["version"].IntegerValue);
        Assert.Equal(2, point.Payload["ordinal"].IntegerValue);
        Assert.Equal(5, point.Payload["page"].IntegerValue);
        Assert.Equal("2 Pumps", point.Payload["headingPath"].StringValue);
        Assert.Equal("doc_a.txt", point.Payload["fileName"].StringValue);
        Assert.Equal("Pump pump seals", point.Payload["text"].StringValue);
        Assert.Equal("1,2,3,4", point.Payload["box"].StringValue);
    }

    [Theory]
    [InlineData("rrf", "Rrf")]
    [InlineData("zscore", "Dbsf")]
    public void Server_side_hybrid_fusion_follows_the_requested_method(string method, string expected)
    {
        var search = new SearchRequest("pump seals", [1f, 0, 0, 0], new SearchFilter("acme"), Top: 3) { Fusion = new KnowledgeHub.Retrieval.Fusion.FusionSettings { Method = method } };

        var query = QdrantRequests.Query("kh_model", search, Bm25SparseVectors.ForQuery(search, TestTerms.Id), ServerFusion);

        Assert.Equal(Enum.Parse<Fusion>(expected), query.Query.Fusion);
    }

    [Fact]
    public void A_chunk_read_back_from_its_payload_equals_the_chunk()
    {
        var chunk = TestChunks.Make("doc_a", 2, "text", headingPath: "H", page: 9) with { Box = new PageBox(1, 2, 3, 4) };
        var point = QdrantRequests.Upsert("col", [chunk], TestTerms.Id).Points[0];

        var read = QdrantPayload.Read(point.Payload, chunk.Vector);

        Assert.Equal(chunk, read);
    }

    [Fact]
    public void Server_side_hybrid_query_fuses_a_filtered_dense_and_keyword_prefetch_by_dbsf()
    {
        var search = new SearchRequest("pump seals", [1f, 0, 0, 0], new SearchFilter("acme", "manuals"), Top: 7);

        var query = QdrantRequests.Query("kh_model", search, Bm25SparseVectors.ForQuery(search, TestTerms.Id), ServerFusion);

        Assert.Equal("kh_model", query.CollectionName);
        Assert.Equal(Fusion.Dbsf, query.Query.Fusion);
        Assert.Equal(7ul, query.Limit);
        Assert.Equal(2, query.Prefetch.Count);
        var dense = query.Prefetch.Single(p => p.Using == "dense");
        var keyword = query.Prefetch.Single(p => p.Using != "dense");
        Assert.Equal(search.Vector, dense.Query.Nearest.Dense.Data);
        Assert.Equal(["bm25", "bm25_heading"], keyword.Prefetch.Select(p => p.Using));
        Assert.All(keyword.Prefetch, p => Assert.Equal(new[] { TestTerms.Of("pump"), TestTerms.Of("seal") }.Order(), p.Query.Nearest.Sparse.Indices.Order()));
        var expectedFilter = QdrantRequests.Filter(search.Filter);
        Assert.All(query.Prefetch, p =>
        {
            Assert.Equal(expectedFilter, p.Filter);
            Assert.Equal((ulong)search.EffectiveDepth, p.Limit);
        });
        Assert.Equal(expectedFilter, query.Filter);
        Assert.True(query.WithPayload.Enable);
        Assert.Equal(["dense"], query.WithVectors.Include.Names);
    }

    [Fact]
    public void Dense_queries_search_the_dense_vector_and_keyword_queries_sum_body_and_heading()
    {
        var filter = SearchFilter.ForTenant("acme");
        var dense = new SearchRequest("pump", [0, 1f, 0, 0], filter, 5, SearchMode.Dense);
        var keyword = new SearchRequest("pump", null, filter, 5, SearchMode.Keyword);

        var denseQuery = QdrantRequests.Query("col", dense, SparseTerms.Empty, Options);
        var keywordQuery = QdrantRequests.Query("col", keyword, Bm25SparseVectors.ForQuery(keyword, TestTerms.Id), Options);

        Assert.Empty(denseQuery.Prefetch);
        Assert.Equal("dense", denseQuery.Using);
        Assert.Equal(dense.Vector, denseQuery.Query.Nearest.Dense.Data);
        Assert.Equal(["bm25", "bm25_heading"], keywordQuery.Prefetch.Select(p => p.Using));
        Assert.All(keywordQuery.Prefetch, p => Assert.Equal([TestTerms.Of("pump")], p.Query.Nearest.Sparse.Indices));
        Assert.Equal(Query.VariantOneofCase.Formula, keywordQuery.Query.VariantCase);
        Assert.Equal(5ul, keywordQuery.Limit);
    }

    [Fact]
    public void Hybrid_query_without_keyword_terms_searches_the_dense_vector_alone()
    {
        var search = new SearchRequest("the of and", [1f, 0, 0, 0], SearchFilter.ForTenant("acme"));

        var query = QdrantRequests.Query("col", search, Bm25SparseVectors.ForQuery(search, TestTerms.Id), ServerFusion);

        Assert.Empty(query.Prefetch);
        Assert.Equal("dense", query.Using);
    }

    [Fact]
    public void Query_weights_repeated_and_expanded_terms()
    {
        var repeated = Bm25SparseVectors.ForQuery(new SearchRequest("pump pump valve", null, SearchFilter.ForTenant("t"), Mode: SearchMode.Keyword), TestTerms.Id);
        var expanded = Bm25SparseVectors.ForQuery(new SearchRequest("ignored", null, SearchFilter.ForTenant("t"), Mode: SearchMode.Keyword)
        {
            KeywordTerms = new Dictionary<string, float> { ["impel"] = 0.25f, ["pump"] = 1.5f },
        }, TestTerms.Id);

        Assert.Equal(2f, repeated.Values[Array.IndexOf(repeated.Indices, TestTerms.Of("pump"))]);
        Assert.Equal(1f, repeated.Values[Array.IndexOf(repeated.Indices, TestTerms.Of("valv"))]);
        Assert.Equal(1.5f, expanded.Values[Array.IndexOf(expanded.Indices, TestTerms.Of("pump"))]);
        Assert.DoesNotContain(TestTerms.Of("ignor"), expanded.Indices);
    }

    [Fact]
    public void A_new_collection_has_a_cosine_dense_vector_of_the_encoder_size_and_idf_sparse_vectors_for_body_and_heading()
    {
        var options = new QdrantIndexOptions { Url = "http://q:6334", ShardNumber = 4, ReplicationFactor = 2 };

        var create = QdrantRequests.CreateCollection("kh_model_v1", "all-MiniLM-L6-v2", 384, options);

        Assert.Equal("kh_model_v1", create.CollectionName);
        var dense = Assert.Single(create.VectorsConfig.ParamsMap.Map);
        Assert.Equal("dense", dense.Key);
        Assert.Equal(384ul, dense.Value.Size);
        Assert.Equal(Distance.Cosine, dense.Value.Distance);
        Assert.Equal(["bm25", "bm25_heading"], create.SparseVectorsConfig.Map.Keys.Order(StringComparer.Ordinal));
        Assert.All(create.SparseVectorsConfig.Map.Values, v => Assert.Equal(Modifier.Idf, v.Modifier));
        Assert.Equal((4u, 2u), (create.ShardNumber, create.ReplicationFactor));
        Assert.Equal("all-MiniLM-L6-v2", create.Metadata["modelId"].StringValue);
    }

    [Fact]
    public void A_new_collection_leaves_shards_and_replicas_to_the_server_unless_configured()
    {
        var create = QdrantRequests.CreateCollection("c", "m", 4, new QdrantIndexOptions { Url = "http://q:6334" });

        Assert.False(create.HasShardNumber);
        Assert.False(create.HasReplicationFactor);
    }

    [Fact]
    public void Payload_indexes_make_tenant_collection_document_and_tags_keywords_and_version_ordinal_and_creation_integers()
    {
        var indexes = QdrantRequests.PayloadIndexes("col").ToList();

        Assert.All(indexes, i => Assert.Equal("col", i.CollectionName));
        Assert.Equal(
            [
                ("tenant", FieldType.Keyword), ("collection", FieldType.Keyword), ("documentId", FieldType.Keyword), ("tags", FieldType.Keyword),
                ("accessGroups", FieldType.Keyword), ("version", FieldType.Integer), ("ordinal", FieldType.Integer), ("created", FieldType.Integer),
            ],
            indexes.Select(i => (i.FieldName, i.FieldType)));
        Assert.True(indexes.Single(i => i.FieldName == "tenant").FieldIndexParams.KeywordIndexParams.IsTenant);
    }

    [Fact]
    public void Deleting_older_versions_selects_the_document_and_versions_below_the_kept_one()
    {
        var delete = QdrantRequests.DeleteOlderVersions("col", "acme", "doc_a", 4);

        var must = delete.Points.Filter.Must;
        Assert.Equal(("tenant", "acme"), (must[0].Field.Key, must[0].Field.Match.Keyword));
        Assert.Equal(("documentId", "doc_a"), (must[1].Field.Key, must[1].Field.Match.Keyword));
        Assert.Equal("version", must[2].Field.Key);
        Assert.Equal(4d, must[2].Field.Range.Lt);
        Assert.False(must[2].Field.Range.HasGte);
        Assert.True(delete.Wait);
    }

    [Fact]
    public void Deleting_a_document_selects_it_by_tenant_and_id_not_by_point_ids()
    {
        var delete = QdrantRequests.DeleteDocument("col", "acme", "doc_a");

        Assert.Equal(PointsSelector.PointsSelectorOneOfOneofCase.Filter, delete.Points.PointsSelectorOneOfCase);
        Assert.Equal(["tenant", "documentId"], delete.Points.Filter.Must.Select(c => c.Field.Key));
    }

    [Fact]
    public void A_section_is_looked_up_in_the_ordinal_window_of_the_same_document_version()
    {
        var scroll = QdrantRequests.SectionCandidates("col", TestChunks.Make("doc_a", 10, "x", version: 2), maxNeighbours: 3, Options);

        var must = scroll.Filter.Must;
        Assert.Equal(["tenant", "documentId", "version", "ordinal"], must.Select(c => c.Field.Key));
        Assert.Equal(2, must[2].Field.Match.Integer);
        Assert.Equal((7d, 13d), (must[3].Field.Range.Gte, must[3].Field.Range.Lte));
        Assert.Equal(7u, scroll.Limit);
    }

    [Fact]
    public void Swapping_an_alias_drops_and_recreates_it_in_one_request()
    {
        var swap = QdrantRequests.SwapAlias("kh_model", "kh_model_v2", aliasExists: true);
        var first = QdrantRequests.SwapAlias("kh_model", "kh_model_v1", aliasExists: false);

        Assert.Equal(2, swap.Actions.Count);
        Assert.Equal("kh_model", swap.Actions[0].DeleteAlias.AliasName);
        Assert.Equal(("kh_model_v2", "kh_model"), (swap.Actions[1].CreateAlias.CollectionName, swap.Actions[1].CreateAlias.AliasName));
        Assert.Equal(AliasOperations.ActionOneofCase.CreateAlias, Assert.Single(first.Actions).ActionCase);
    }

    [Fact]
    public void Hybrid_candidates_are_one_batch_of_a_keyword_and_a_dense_query_carrying_the_same_filter_and_only_chunk_ids()
    {
        var search = new SearchRequest("pump seals", [1f, 0, 0, 0], new SearchFilter("acme", "manuals", DocumentIds: ["doc_a", "doc_b"], Tags: ["x"]), Top: 7);

        var batch = QdrantRequests.Candidates("kh_model", search, Bm25SparseVectors.ForQuery(search, TestTerms.Id), 120, Options);

        Assert.Equal("kh_model", batch.CollectionName);
        Assert.Equal(2, batch.QueryPoints.Count);
        var (keyword, dense) = (batch.QueryPoints[0], batch.QueryPoints[1]);
        var expectedFilter = QdrantRequests.Filter(search.Filter);
        Assert.All(batch.QueryPoints, q =>
        {
            Assert.Equal("kh_model", q.CollectionName);
            Assert.Equal(expectedFilter, q.Filter);
            Assert.Equal(120ul, q.Limit);
            Assert.Equal(["chunkId"], q.WithPayload.Include.Fields);
            Assert.False(q.WithVectors.Enable);
        });
        Assert.Equal(["bm25", "bm25_heading"], keyword.Prefetch.Select(p => p.Using));
        Assert.All(keyword.Prefetch, p =>
        {
            Assert.Equal(expectedFilter, p.Filter);
            Assert.Equal(120ul, p.Limit);
            Assert.Null(p.Params);
        });
        var formula = keyword.Query.Formula;
        Assert.Equal(["$score[0]", "$score[1]"], formula.Defaults.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("$score[0]", formula.Expression.Sum.Sum[0].Variable);
        Assert.Equal(Bm25SparseVectors.HeadingWeight, formula.Expression.Sum.Sum[1].Mult.Mult[0].Constant);
        Assert.Equal("$score[1]", formula.Expression.Sum.Sum[1].Mult.Mult[1].Variable);
        Assert.Equal("dense", dense.Using);
        Assert.Equal(search.Vector, dense.Query.Nearest.Dense.Data);
    }

    [Fact]
    public void Hybrid_candidates_without_keyword_terms_are_the_dense_query_alone()
    {
        var search = new SearchRequest("the of and", [1f, 0, 0, 0], SearchFilter.ForTenant("acme"));

        var batch = QdrantRequests.Candidates("col", search, Bm25SparseVectors.ForQuery(search, TestTerms.Id), 100, Options);

        Assert.Equal("dense", Assert.Single(batch.QueryPoints).Using);
    }

    [Fact]
    public void Tenant_scoped_idf_counts_document_frequencies_over_the_searching_tenant_only()
    {
        var tenantIdf = new QdrantIndexOptions { Url = "http://q:6334", IdfScope = "tenant" };
        var search = new SearchRequest("pump", [1f, 0, 0, 0], new SearchFilter("acme", "manuals"), Top: 5);
        var terms = Bm25SparseVectors.ForQuery(search, TestTerms.Id);

        var candidates = QdrantRequests.Candidates("col", search, terms, 100, tenantIdf).QueryPoints[0];
        var keywordOnly = QdrantRequests.Query("col", search with { Mode = SearchMode.Keyword }, terms, tenantIdf);
        var serverFused = QdrantRequests.Query("col", search, terms, new QdrantIndexOptions { Url = "http://q:6334", IdfScope = "tenant", Fusion = "server" });

        var sparsePrefetches = candidates.Prefetch.Concat(keywordOnly.Prefetch).Concat(serverFused.Prefetch.Single(p => p.Using != "dense").Prefetch).ToList();
        Assert.Equal(6, sparsePrefetches.Count);
        var tenantOnly = new Filter { Must = { Conditions.MatchKeyword("tenant", "acme") } };
        Assert.All(sparsePrefetches, p => Assert.Equal(tenantOnly, p.Params.Idf.Corpus));
        Assert.Null(serverFused.Prefetch.Single(p => p.Using == "dense").Params);
    }

    [Fact]
    public void Every_read_carries_the_server_timeout_of_the_client_deadline_in_whole_seconds()
    {
        var search = new SearchRequest("pump", [1f, 0, 0, 0], SearchFilter.ForTenant("acme"), Top: 5);
        var terms = Bm25SparseVectors.ForQuery(search, TestTerms.Id);
        var batch = QdrantRequests.Candidates("col", search, terms, 100, Options);

        var timeouts = new[]
        {
            batch.Timeout,
            batch.QueryPoints[0].Timeout,
            batch.QueryPoints[1].Timeout,
            QdrantRequests.DenseAgain("col", search, [0, 1f, 0, 0], 100, Options).Timeout,
            QdrantRequests.Points("col", ["a:v1:0"], withPayload: true, Options).Timeout,
            QdrantRequests.Query("col", search with { Mode = SearchMode.Keyword }, terms, Options).Timeout,
            QdrantRequests.Query("col", search with { Mode = SearchMode.Dense }, terms, Options).Timeout,
            QdrantRequests.Count("col", "acme", "doc_a", Options).Timeout,
            QdrantRequests.SectionCandidates("col", TestChunks.Make("doc_a", 1, "x"), 2, Options).Timeout,
        };

        Assert.All(timeouts, t => Assert.Equal(7ul, t));
        Assert.Equal(1ul, new QdrantIndexOptions { Deadline = TimeSpan.FromMilliseconds(200) }.ServerTimeoutSeconds);
        Assert.Equal(600ul, new QdrantIndexOptions { Deadline = TimeSpan.FromMinutes(10) }.ServerTimeoutSeconds);
    }

    [Fact]
    public void Points_are_fetched_by_the_point_ids_of_their_chunk_ids_with_the_dense_vector()
    {
        var hits = QdrantRequests.Points("col", ["a:v1:0", "b:v2:3", "a:v1:0"], withPayload: true, Options);
        var feedback = QdrantRequests.Points("col", ["a:v1:0"], withPayload: false, Options);

        Assert.Equal([ChunkId.ToUuid("a:v1:0"), ChunkId.ToUuid("b:v2:3")], hits.Ids.Select(i => (PointId)i).Select(i => Guid.Parse(i.Uuid)));
        Assert.True(hits.WithPayload.Enable);
        Assert.Equal(["chunkId"], feedback.WithPayload.Include.Fields);
        Assert.Equal(["dense"], feedback.WithVectors.Include.Names);
    }

    [Fact]
    public void A_collection_built_by_the_adapter_passes_the_layout_check()
    {
        Assert.Empty(QdrantLayout.Problems(Layouts.Complete(4), 4));
    }

    [Fact]
    public void A_hand_made_collection_is_refused_naming_every_missing_vector_modifier_and_payload_index()
    {
        var info = Layouts.Complete(4);
        info.Config.Params.SparseVectorsConfig.Map.Remove("bm25_heading");
        info.Config.Params.SparseVectorsConfig.Map["bm25"] = new SparseVectorParams();
        info.PayloadSchema.Remove("tags");
        info.PayloadSchema["version"] = new PayloadSchemaInfo { DataType = PayloadSchemaType.Keyword };

        var problems = QdrantLayout.Problems(info, 384);

        Assert.Equal(
            [
                "dense vector 'dense' holds 4 dimensions, the encoder makes 384",
                "sparse vector 'bm25' lacks the IDF modifier",
                "no sparse vector named 'bm25_heading'",
                "no keyword payload index on 'tags'",
                "payload index on 'version' is Keyword, not Integer",
            ],
            problems);
    }
}
