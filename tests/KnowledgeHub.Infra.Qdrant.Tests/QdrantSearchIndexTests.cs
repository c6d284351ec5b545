using Google.Protobuf.Collections;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>The adapter's conversation with Qdrant, against a recording stand-in for the channel.</summary>
public sealed class QdrantSearchIndexTests
{
    private readonly RecordingCallInvoker invoker = new();
    private readonly Func<string, object, object?> termTable;
    private readonly QdrantIndexOptions options = new() { Url = "http://q:6334", CollectionPrefix = "kh_", UpsertBatchSize = 2 };

    public QdrantSearchIndexTests()
    {
        // The term table answers like a server; each test scripts the index collection's answers.
        _ = new FakeQdrant(invoker, 4);
        termTable = invoker.Respond;
        Script((_, _) => null);
    }

    /// <summary>The calls that address the index, not the term table.</summary>
    private IEnumerable<string> IndexMethods => invoker.Calls.Where(c => !ForTermTable(c.Request)).Select(c => c.Method);

    [Fact]
    public async Task First_use_creates_the_collection_with_its_payload_indexes_and_points_the_alias_at_it()
    {
        var aliasTarget = (string?)null;
        Script((method, request) => method switch
        {
            "/qdrant.Collections/ListAliases" => Aliases(aliasTarget),
            "/qdrant.Collections/UpdateAliases" => Remember(((ChangeAliases)request).Actions[^1].CreateAlias.CollectionName, out aliasTarget),
            "/qdrant.Collections/Get" => Info(4),
            _ => null,
        });
        var index = NewIndex();

        await index.UpsertAsync([TestChunks.Make("doc_a", 0, "pump")]);
        await index.UpsertAsync([TestChunks.Make("doc_a", 1, "valve")]);

        Assert.Equal(
        [
            "/qdrant.Collections/ListAliases", "/qdrant.Collections/CollectionExists", "/qdrant.Collections/Create",
            "/qdrant.Points/CreateFieldIndex", "/qdrant.Points/CreateFieldIndex", "/qdrant.Points/CreateFieldIndex",
            "/qdrant.Points/CreateFieldIndex", "/qdrant.Points/CreateFieldIndex", "/qdrant.Points/CreateFieldIndex", "/qdrant.Points/CreateFieldIndex",
            "/qdrant.Collections/ListAliases", "/qdrant.Collections/UpdateAliases", "/qdrant.Collections/ListAliases", "/qdrant.Collections/Get",
            "/qdrant.Collections/ListAliases", "/qdrant.Points/Upsert", "/qdrant.Collections/ListAliases", "/qdrant.Points/Upsert",
        ],
        IndexMethods);
        var created = Assert.Single(IndexRequests<CreateCollection>());
        Assert.Equal("kh_test-model_v0", created.CollectionName);
        Assert.Equal(created.CollectionName, aliasTarget);
        var aliasChange = Assert.Single(IndexRequests<ChangeAliases>());
        Assert.Equal(AliasOperations.ActionOneofCase.CreateAlias, Assert.Single(aliasChange.Actions).ActionCase);

        // Writes name the physical collection the alias points at when they are sent.
        Assert.All(IndexRequests<UpsertPoints>(), u => Assert.Equal("kh_test-model_v0", u.CollectionName));
    }

    [Fact]
    public async Task An_existing_alias_is_used_as_it_is()
    {
        Script((method, _) => method switch
        {
            "/qdrant.Collections/ListAliases" => Aliases("kh_test-model_v1"),
            "/qdrant.Collections/Get" => Info(4),
            _ => null,
        });

        await NewIndex().CountAsync("t1");

        Assert.Equal(["/qdrant.Collections/ListAliases", "/qdrant.Collections/Get", "/qdrant.Points/Count"], IndexMethods);
    }

    [Fact]
    public async Task A_collection_built_for_another_vector_size_is_refused_before_any_point_is_touched()
    {
        Script((method, _) => method switch
        {
            "/qdrant.Collections/ListAliases" => Aliases("kh_test-model_v1"),
            "/qdrant.Collections/Get" => Info(384),
            _ => null,
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewIndex().CountAsync("t1"));

        Assert.Contains("holds 384 dimensions, the encoder makes 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("reindex", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/qdrant.Points/Count", IndexMethods);
    }

    [Fact]
    public async Task A_hand_made_collection_without_the_heading_vector_is_refused_at_start_up_naming_it()
    {
        var info = Layouts.Response(4);
        info.Result.Config.Params.SparseVectorsConfig.Map.Remove("bm25_heading");
        Script((method, _) => method switch
        {
            "/qdrant.Collections/CollectionExists" => new CollectionExistsResponse { Result = new CollectionExists { Exists = true } },
            "/qdrant.Collections/Get" => info,
            _ => null,
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NewIndex().CountAsync("t1"));

        Assert.Contains("'kh_test-model'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no sparse vector named 'bm25_heading'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upserts_are_sent_in_batches_and_a_repeated_chunk_id_is_sent_once()
    {
        var index = Bound();

        await index.UpsertAsync(
        [
            TestChunks.Make("doc_a", 0, "first"), TestChunks.Make("doc_a", 1, "b"), TestChunks.Make("doc_a", 2, "c"), TestChunks.Make("doc_a", 0, "last"),
        ]);

        var batches = IndexRequests<UpsertPoints>().ToList();
        Assert.Equal([2, 1], batches.Select(b => b.Points.Count));
        var all = batches.SelectMany(b => b.Points).ToList();
        Assert.Equal(3, all.Select(p => p.Id).Distinct().Count());
        Assert.Contains(all, p => p.Payload["text"].StringValue == "last");
        Assert.DoesNotContain(all, p => p.Payload["text"].StringValue == "first");
    }

    [Fact]
    public async Task Search_hits_are_read_back_from_the_payload_with_their_dense_vector_and_score()
    {
        var chunk = TestChunks.Make("doc_a", 4, "pump seals", headingPath: "2 Pumps", page: 3);
        var stored = QdrantRequests.Upsert("col", [chunk], TestTerms.Id).Points[0];
        Script((method, _) => method == "/qdrant.Points/Query"
            ? new QueryResponse
            {
                Result =
                {
                    new ScoredPoint
                    {
                        Id = stored.Id,
                        Score = 0.75f,
                        Payload = { stored.Payload },
                        Vectors = new VectorsOutput { Vectors = new NamedVectorsOutput { Vectors = { ["dense"] = new VectorOutput { Dense = new DenseVector { Data = { chunk.Vector } } } } } },
                    },
                },
            }
            : null);

        var hits = await Bound().SearchAsync(new SearchRequest("pump", [1f, 0, 0, 0], SearchFilter.ForTenant("t1"), Mode: SearchMode.Dense));

        var hit = Assert.Single(hits);
        Assert.Equal(0.75, hit.Score, 1e-6);
        Assert.Equal(chunk with { Vector = hit.Chunk.Vector }, hit.Chunk);
        Assert.Equal(chunk.Vector, hit.Chunk.Vector);
    }

    [Fact]
    public async Task A_search_in_no_documents_or_for_no_keyword_terms_asks_the_server_nothing()
    {
        var index = Bound();

        Assert.Empty(await index.SearchAsync(new SearchRequest("pump", [1f, 0, 0, 0], new SearchFilter("t1", DocumentIds: []))));
        Assert.Empty(await index.SearchAsync(new SearchRequest("the of", null, SearchFilter.ForTenant("t1"), Mode: SearchMode.Keyword)));
        Assert.Empty(await index.SearchAsync(new SearchRequest("pump", [1f, 0, 0, 0], new SearchFilter("t1", Tags: []))));

        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task A_dense_search_without_a_vector_of_the_index_size_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Bound().SearchAsync(new SearchRequest("pump", [1f, 0], SearchFilter.ForTenant("t1"), Mode: SearchMode.Dense)));
    }

    [Fact]
    public async Task A_section_keeps_only_chunks_of_the_same_heading_in_ordinal_order()
    {
        var chunks = new[]
        {
            TestChunks.Make("doc_a", 5, "e", headingPath: "B"),
            TestChunks.Make("doc_a", 3, "c", headingPath: "A"),
            TestChunks.Make("doc_a", 4, "d", headingPath: "A"),
        };
        Script((method, _) => method == "/qdrant.Points/Scroll"
            ? new ScrollResponse { Result = { QdrantRequests.Upsert("col", chunks, TestTerms.Id).Points.Select(p => new RetrievedPoint { Id = p.Id, Payload = { p.Payload } }) } }
            : null);

        var section = await Bound().GetSectionAsync(chunks[2], maxNeighbours: 1);

        Assert.Equal(["c", "d"], section.Select(c => c.Text));
    }

    [Fact]
    public void Each_encoder_model_gets_an_alias_of_its_own_with_safe_characters()
    {
        var collections = Collections();

        Assert.Equal("kh_sentence-transformers_all-MiniLM-L6-v2", collections.AliasFor("sentence-transformers/all-MiniLM-L6-v2"));
        Assert.NotEqual(collections.AliasFor("all-MiniLM-L6-v2"), collections.AliasFor("snowflake-arctic-embed-xs"));
        Assert.Equal("kh_m_v20261127120000", collections.NewCollectionName("kh_m"));
    }

    private IEnumerable<T> IndexRequests<T>() => invoker.Requests<T>().Where(r => !ForTermTable(r!));

    private static bool ForTermTable(object request) =>
        request.GetType().GetProperty("CollectionName")?.GetValue(request) is "kh_terms";

    private void Script(Func<string, object, object?> index) =>
        invoker.Respond = (method, request) => ForTermTable(request) ? termTable(method, request) : index(method, request);

    private static ListAliasesResponse Aliases(string? target) =>
        target is null ? new ListAliasesResponse() : new ListAliasesResponse { Aliases = { new AliasDescription { AliasName = "kh_test-model", CollectionName = target } } };

    private static GetCollectionInfoResponse Info(int size) => Layouts.Response(size);

    private static object? Remember(string value, out string? into)
    {
        into = value;
        return null;
    }

    private QdrantCollections Collections()
    {
        var calls = new QdrantCalls(new QdrantGrpcClient(invoker), options, new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)), NullLogger.Instance);
        return new QdrantCollections(calls, options, new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)), NullLogger.Instance);
    }

    /// <summary>The index as the host wires it: alias-addressed, collection ensured on first use.</summary>
    private QdrantSearchIndex NewIndex()
    {
        var collections = Collections();
        var calls = new QdrantCalls(new QdrantGrpcClient(invoker), options, TimeProvider.System, NullLogger.Instance);
        return new QdrantSearchIndex(calls, collections, collections.AliasFor("test-model"), "test-model", 4, options, NullLogger.Instance, ct => collections.EnsureServingAsync("test-model", 4, ct));
    }

    /// <summary>An index over a named collection that exists already (as the reindex verb opens one).</summary>
    private QdrantSearchIndex Bound() => Collections().Open("col", "test-model", 4);
}
