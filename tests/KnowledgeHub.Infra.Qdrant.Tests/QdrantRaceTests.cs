using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>
/// The two races of the Qdrant deployment, replayed call by call against <see cref="FakeQdrant"/>: a reindex moving
/// the alias in the middle of a worker's version swap, and two processes creating the collection on first use.
/// Each ends with every completed document live exactly once behind the alias.
/// </summary>
public sealed class QdrantRaceTests
{
    private const string Alias = "kh_test-model";
    private readonly RecordingCallInvoker invoker = new();
    private readonly FakeQdrant qdrant;
    private readonly QdrantIndexOptions options = new() { Url = "http://q:6334", CollectionPrefix = "kh_", UpsertBatchSize = 2 };

    public QdrantRaceTests() => qdrant = new FakeQdrant(invoker, 4);

    /// <summary>
    /// A worker indexes version 2 of doc_a (three chunks: two upsert batches, then the version swap) while a reindex
    /// builds a new collection (doc_b copied; doc_a, being processed, left to its job), moves the alias and catches
    /// up. The alias moves before the worker's n-th call. When the worker's writes straddle the move, its version swap
    /// refuses to drop version 1 in a collection version 2 never reached and the job runs the index step again
    /// (as Hangfire retries it). Once all of the worker's writes precede the move, only the reindex's catch-up can
    /// carry version 2 over, which is why it waits for documents in their index step (IndexRebuilder).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task A_reindex_moving_the_alias_at_any_point_of_a_version_swap_leaves_every_completed_document_live_once(int moveBeforeCall)
    {
        var collections = Collections(TimeProvider.System);
        var old = "kh_test-model_v1";
        qdrant.Collections[old] = new(StringComparer.Ordinal);
        qdrant.Aliases[Alias] = old;
        var worker = Serving(collections);
        var docA1 = Document("doc_a", 1, 3);
        var docA2 = Document("doc_a", 2, 3);
        var docB = Document("doc_b", 1, 2);
        await worker.UpsertAsync([.. docA1, .. docB]);

        // The reindex: a new collection filled with the completed documents (doc_b), and doc_a, being processed,
        // carried over from the live collection as it is there (version 1).
        var fresh = "kh_test-model_v2";
        await collections.CreateAsync(fresh, "test-model", 4);
        await collections.Open(fresh, "test-model", 4).UpsertAsync(docB);
        Assert.Equal(3, await collections.CopyDocumentAsync(old, fresh, "t1", "doc_a"));
        var storeSaysCompleted = new Dictionary<string, IndexedChunk[]> { ["doc_b"] = docB };
        var copied = new HashSet<string> { "doc_b" };
        var moved = false;

        async Task SwapAndCatchUpAsync()
        {
            await collections.SwapAliasAsync(Alias, fresh);
            moved = true;
            var live = collections.Open(Alias, "test-model", 4);
            foreach (var (id, chunks) in storeSaysCompleted.Where(d => !copied.Contains(d.Key)))
            {
                await live.UpsertAsync(chunks);
                await live.DeleteOlderVersionsAsync("t1", id, chunks[0].Version);
                copied.Add(id);
            }
        }

        var workerCalls = 0;
        var catchUpWaits = moveBeforeCall > 5;
        var alwaysLive = true;
        qdrant.BeforeCall = _ =>
        {
            if (++workerCalls == moveBeforeCall && !catchUpWaits)
            {
                SwapAndCatchUpAsync().GetAwaiter().GetResult();
            }

            // Searches never find doc_a missing, whichever collection serves them.
            alwaysLive &= qdrant.ChunkIds(Alias).Any(id => id.StartsWith("doc_a:", StringComparison.Ordinal));
        };

        // The job, retried as Hangfire retries a transient failure.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await worker.UpsertAsync(docA2);
                await worker.DeleteOlderVersionsAsync("t1", "doc_a", 2);
                break;
            }
            catch (QdrantIndexMovedException) when (attempt < 3)
            {
            }
        }

        qdrant.BeforeCall = null;
        storeSaysCompleted["doc_a"] = docA2;
        if (!moved)
        {
            // The worker finished its index step before the move: the catch-up, which waits for documents in their
            // index step, sees doc_a completed after the move.
            await SwapAndCatchUpAsync();
        }

        await collections.DeleteAsync(old);

        Assert.Equal(fresh, qdrant.Resolve(Alias));
        Assert.Equal([.. docA2.Select(c => c.Id), .. docB.Select(c => c.Id)], qdrant.ChunkIds(Alias));
        Assert.True(alwaysLive);
    }

    [Fact]
    public async Task A_carried_over_document_keeps_its_vectors_and_payload()
    {
        var collections = Collections(TimeProvider.System);
        qdrant.Collections["old"] = new(StringComparer.Ordinal);
        qdrant.Collections["new"] = new(StringComparer.Ordinal);
        var chunks = Document("doc_a", 1, 5).Select(c => c with { HeadingPath = "Pumps", Tags = ["x"] }).ToArray();
        await collections.Open("old", "test-model", 4).UpsertAsync([.. chunks, .. Document("doc_b", 1, 1)]);

        var copied = await collections.CopyDocumentAsync("old", "new", "t1", "doc_a");

        Assert.Equal(5, copied);
        Assert.Equal([.. chunks.Select(c => c.Id)], qdrant.ChunkIds("new"));
        Assert.All(qdrant.Collections["new"], p => Assert.Equal(qdrant.Collections["old"][p.Key], p.Value));
        Assert.Equal(3, invoker.Requests<ScrollPoints>().Count());
    }

    [Fact]
    public async Task A_version_swap_whose_writes_all_reached_the_live_collection_drops_the_older_version()
    {
        qdrant.Collections["kh_test-model_v1"] = new(StringComparer.Ordinal);
        qdrant.Aliases[Alias] = "kh_test-model_v1";
        var worker = Serving(Collections(TimeProvider.System));
        await worker.UpsertAsync(Document("doc_a", 1, 2));

        await worker.UpsertAsync(Document("doc_a", 2, 3));
        await worker.DeleteOlderVersionsAsync("t1", "doc_a", 2);

        Assert.Equal([.. Document("doc_a", 2, 3).Select(c => c.Id)], qdrant.ChunkIds(Alias));
        Assert.All(invoker.Requests<UpsertPoints>().Where(u => u.CollectionName != "kh_terms").Concat<object>(invoker.Requests<DeletePoints>()), r =>
            Assert.Equal("kh_test-model_v1", r is UpsertPoints u ? u.CollectionName : ((DeletePoints)r).CollectionName));
    }

    /// <summary>
    /// Two hosts start on an empty Qdrant with different clocks; the second runs its whole first use (create, alias,
    /// upsert) just before the first host's n-th call. Both end up writing into the one collection behind the alias.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public async Task Two_hosts_creating_the_collection_on_first_use_write_into_the_same_collection(int otherHostBeforeCall)
    {
        var first = Serving(Collections(new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero))), ensure: true);
        var second = Serving(Collections(new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 1, TimeSpan.Zero))), ensure: true);
        var calls = 0;
        qdrant.BeforeCall = _ =>
        {
            if (++calls == otherHostBeforeCall)
            {
                second.UpsertAsync(Document("doc_b", 1, 2)).GetAwaiter().GetResult();
            }
        };

        await first.UpsertAsync(Document("doc_a", 1, 2));
        qdrant.BeforeCall = null;

        Assert.Equal(["kh_test-model_v0"], qdrant.Collections.Keys.Where(k => k != "kh_terms"));
        Assert.Equal("kh_test-model_v0", qdrant.Resolve(Alias));
        Assert.Equal([.. Document("doc_a", 1, 2).Select(c => c.Id), .. Document("doc_b", 1, 2).Select(c => c.Id)], qdrant.ChunkIds(Alias));
    }

    private static IndexedChunk[] Document(string id, int version, int chunks) =>
        [.. Enumerable.Range(0, chunks).Select(i => TestChunks.Make(id, i, $"{id} version {version} part {i}", version: version))];

    private QdrantCollections Collections(TimeProvider time) =>
        new(new QdrantCalls(new QdrantGrpcClient(invoker), options, time, NullLogger.Instance), options, time, NullLogger.Instance);

    /// <summary>The index as hosts wire it: addressed by the alias, the collection ensured on first use when asked.</summary>
    private QdrantSearchIndex Serving(QdrantCollections collections, bool ensure = false) =>
        new(
            new QdrantCalls(new QdrantGrpcClient(invoker), options, TimeProvider.System, NullLogger.Instance),
            collections,
            Alias,
            "test-model",
            4,
            options,
            NullLogger.Instance,
            ensure ? ct => collections.EnsureServingAsync("test-model", 4, ct) : null);
}
