using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>
/// Hybrid ranking on Qdrant equals the embedded index's for the same candidate lists: Qdrant is scripted to return
/// fixed keyword and dense lists (ties, lone hits, a fused candidate deleted before it is read back), and the
/// adapter's hits must equal what the embedded index's fusion makes of those lists with the same settings.
/// </summary>
public sealed class QdrantFusionTests
{
    private static readonly float[] Query = [1f, 0, 0, 0];

    private readonly RecordingCallInvoker invoker = new();
    private readonly FakeQdrant qdrant;
    private readonly QdrantIndexOptions options = new() { Url = "http://q:6334" };
    private readonly IndexedChunk[] chunks;

    public QdrantFusionTests()
    {
        qdrant = new FakeQdrant(invoker, 4);
        qdrant.Collections["col"] = new(StringComparer.Ordinal);
        chunks = [.. Enumerable.Range(0, 8).Select(i => TestChunks.Make("doc_" + (char)('a' + i), 0, "pump text " + i) with { Vector = Unit(i) })];
        Index().UpsertAsync(chunks).GetAwaiter().GetResult();
        invoker.Calls.Clear();
    }

    /// <summary>Keyword: c and b tie, f is a lone keyword hit. Dense: d, a, c, then e; g ties with e.</summary>
    public static TheoryData<string> Settings => ["default", "zscore-weighted", "rrf", "rrf-k10-weighted", "zscore-no-feedback", "rrf-feedback-1"];

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task The_fused_ranking_equals_the_embedded_indexs_for_the_same_candidate_lists(string name)
    {
        var settings = SettingsNamed(name);
        var keyword = List(("doc_c", 7.5), ("doc_b", 7.5), ("doc_a", 3.0), ("doc_f", 1.25));
        var dense = List(("doc_d", 0.91), ("doc_a", 0.90), ("doc_c", 0.52), ("doc_e", 0.40), ("doc_g", 0.40));
        var again = List(("doc_a", 0.95), ("doc_d", 0.93), ("doc_h", 0.60), ("doc_c", 0.41));
        Script(keyword, dense, again);
        var request = new SearchRequest("pump", Query, SearchFilter.ForTenant("t1"), Top: 6) { Fusion = settings };

        var hits = await Index().SearchAsync(request);

        var expected = Embedded(request, keyword, dense, again);
        Assert.Equal(expected.Select(c => (c.Id, c.Score)), hits.Select(h => (h.Chunk.Id, h.Score)));
        Assert.All(hits, h =>
        {
            var chunk = chunks.Single(c => c.Id == h.Chunk.Id);
            Assert.Equal(chunk with { Vector = h.Chunk.Vector }, h.Chunk);
            Assert.Equal(chunk.Vector, h.Chunk.Vector);
        });
    }

    [Fact]
    public async Task Ties_lone_hits_and_a_candidate_deleted_before_it_is_read_back_rank_as_the_embedded_index_ranks_them()
    {
        // Keyword: a lone hit (one score: every candidate 1 after standardising); dense: b and c tie.
        var keyword = List(("doc_f", 2.0));
        var dense = List(("doc_c", 0.8), ("doc_b", 0.8), ("doc_a", 0.2));
        Script(keyword, dense, again: null);
        qdrant.Collections["col"].Remove(FakeQdrant.Key(QdrantRequests.PointId(chunks[2].Id)));
        var request = new SearchRequest("pump", Query, SearchFilter.ForTenant("t1"), Top: 4) { Fusion = new FusionSettings { DenseFeedbackChunks = 0 } };

        var hits = await Index().SearchAsync(request);

        // z(f) = 1 from keyword, dense floor -1.41; b and c tie at 0 + 0.71 and break by chunk id; a: 0 - 1.41.
        // doc_c (fused first) was deleted meanwhile and is skipped, as the embedded index skips a vanished candidate.
        Assert.Equal([Id("doc_b"), Id("doc_f"), Id("doc_a")], hits.Select(h => h.Chunk.Id));
        Assert.Equal(Embedded(request, keyword, dense, null).Where(c => c.Id != chunks[2].Id).Select(c => c.Id), hits.Select(h => h.Chunk.Id));
    }

    [Fact]
    public async Task Each_collection_is_fused_with_its_own_settings()
    {
        var fusion = new FusionOptions();
        fusion.Collections["covid"] = new FusionSettings { Method = "rrf", KeywordWeight = 3, DenseWeight = 1, RrfK = 20, DenseFeedbackChunks = 0 };
        var keyword = List(("doc_a", 9.0), ("doc_b", 8.0), ("doc_c", 1.0));
        var dense = List(("doc_c", 0.9), ("doc_d", 0.89), ("doc_b", 0.1));
        var again = List(("doc_d", 0.9), ("doc_c", 0.85), ("doc_e", 0.5));
        Script(keyword, dense, again);

        var results = new List<(IReadOnlyList<string> Qdrant, IReadOnlyList<string> Embedded)>();
        foreach (var collection in new[] { "covid", "manuals" })
        {
            var filter = new SearchFilter("t1", collection);
            var request = new SearchRequest("pump", Query, filter, Top: 5) { Fusion = fusion.For(collection) };
            var hits = await Index().SearchAsync(request);
            results.Add(([.. hits.Select(h => h.Chunk.Id)], [.. Embedded(request, keyword, dense, again).Select(c => c.Id)]));
        }

        Assert.All(results, r => Assert.Equal(r.Embedded, r.Qdrant));
        Assert.NotEqual(results[0].Qdrant, results[1].Qdrant);
    }

    [Fact]
    public async Task Dense_feedback_searches_again_with_the_query_plus_the_mean_of_the_top_dense_vectors()
    {
        Script(List(("doc_a", 1.0)), List(("doc_d", 0.9), ("doc_a", 0.8), ("doc_c", 0.7), ("doc_e", 0.6)), List(("doc_d", 0.9)));
        var request = new SearchRequest("pump", Query, SearchFilter.ForTenant("t1"), Top: 3) { Fusion = new FusionSettings { DenseFeedbackChunks = 2 } };

        await Index().SearchAsync(request);

        var again = Assert.Single(invoker.Requests<QueryPoints>());
        Assert.Equal(DenseFeedback.Rocchio(Query, [Unit(3), Unit(0)]), again.Query.Nearest.Dense.Data);
        Assert.Equal(QdrantRequests.Filter(request.Filter), again.Filter);
        Assert.Equal((ulong)request.EffectiveDepth, again.Limit);
    }

    [Fact]
    public async Task Without_settings_the_embedded_indexs_defaults_apply()
    {
        var keyword = List(("doc_a", 3.0), ("doc_b", 2.0));
        var dense = List(("doc_b", 0.9), ("doc_c", 0.5), ("doc_d", 0.4), ("doc_a", 0.1));
        var again = List(("doc_c", 0.9), ("doc_b", 0.5));
        Script(keyword, dense, again);
        var request = new SearchRequest("pump", Query, SearchFilter.ForTenant("t1"), Top: 4);

        var hits = await Index().SearchAsync(request);

        // The embedded defaults: z-score with equal weights, three feedback chunks.
        var expected = new ZScoreFusion(1, 1).Fuse([keyword, again], 4);
        Assert.Equal(expected.Select(c => (c.Id, c.Score)), hits.Select(h => (h.Chunk.Id, h.Score)));
        Assert.Equal(DenseFeedback.Rocchio(Query, [Unit(1), Unit(2), Unit(3)]), Assert.Single(invoker.Requests<QueryPoints>()).Query.Nearest.Dense.Data);
    }

    /// <summary>
    /// What the embedded index makes of the lists (EmbeddedIndex.Searching): feedback re-search when asked for, then
    /// the request's fusion or the index's default, built here from the fusion classes themselves.
    /// </summary>
    private static IReadOnlyList<ScoredId> Embedded(SearchRequest request, List<ScoredId> keyword, List<ScoredId> dense, List<ScoredId>? again)
    {
        var settings = request.Fusion;
        var feedback = settings?.DenseFeedbackChunks ?? DenseFeedback.Default.Chunks;
        var denseList = feedback > 0 && dense.Count > 0 ? again! : dense;
        RankFusion fusion = settings is null
            ? new ZScoreFusion(1, 1)
            : settings.Method == "rrf" ? new ReciprocalRankFusion(settings.RrfK, settings.KeywordWeight, settings.DenseWeight) : new ZScoreFusion(settings.KeywordWeight, settings.DenseWeight);
        return fusion.Fuse([keyword, denseList], request.Top);
    }

    private static FusionSettings SettingsNamed(string name) => name switch
    {
        "default" => new FusionSettings(),
        "zscore-weighted" => new FusionSettings { KeywordWeight = 2, DenseWeight = 0.5 },
        "rrf" => new FusionSettings { Method = "rrf" },
        "rrf-k10-weighted" => new FusionSettings { Method = "rrf", RrfK = 10, KeywordWeight = 0.5, DenseWeight = 2 },
        "zscore-no-feedback" => new FusionSettings { DenseFeedbackChunks = 0 },
        "rrf-feedback-1" => new FusionSettings { Method = "rrf", DenseFeedbackChunks = 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static float[] Unit(int i)
    {
        var v = new float[4];
        v[i % 4] = i < 4 ? 1f : 0.6f;
        v[(i + 1) % 4] = i < 4 ? 0f : 0.8f;
        return v;
    }

    private static List<ScoredId> List(params (string Document, double Score)[] candidates) =>
        [.. candidates.Select(c => new ScoredId(Id(c.Document), (float)c.Score))];

    private static string Id(string document) => ChunkId.For(document, 1, 0);

    private static QueryResponse Answer(IEnumerable<ScoredId> list)
    {
        var response = new QueryResponse();
        response.Result.AddRange(list.Select(c => new ScoredPoint { Id = ChunkId.ToUuid(c.Id), Score = (float)c.Score, Payload = { ["chunkId"] = c.Id } }));
        return response;
    }

    private void Script(List<ScoredId> keyword, List<ScoredId> dense, List<ScoredId>? again)
    {
        qdrant.QueryBatch = batch =>
        {
            Assert.Equal(2, batch.QueryPoints.Count);
            var response = new QueryBatchResponse();
            response.Result.Add(new BatchResult { Result = { Answer(keyword).Result } });
            response.Result.Add(new BatchResult { Result = { Answer(dense).Result } });
            return response;
        };
        qdrant.Query = _ => Answer(again ?? throw new InvalidOperationException("No feedback search was expected."));
    }

    private QdrantSearchIndex Index()
    {
        var calls = new QdrantCalls(new QdrantGrpcClient(invoker), options, TimeProvider.System, NullLogger.Instance);
        return new QdrantCollections(calls, options, TimeProvider.System, NullLogger.Instance).Open("col", "test-model", 4);
    }
}
