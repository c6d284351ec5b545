using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>
/// The reindex catch-up and a document in its index step at the swap: its writes may have gone to the old index, so
/// the catch-up must not skip it but wait for it to complete and then copy it.
/// </summary>
public sealed class IndexRebuilderCatchUpTests : IDisposable
{
    private readonly TempFolder folder = new("kh-rebuilder");
    private readonly OnnxTextEncoder onnx;
    private readonly SqliteDocumentStore store;
    private readonly EmbeddingBatcher batcher;
    private readonly ChunkEmbedder embedder;

    public IndexRebuilderCatchUpTests()
    {
        onnx = OnnxTextEncoder.Create(new EncoderOptions(), folder.File("models"));
        store = new SqliteDocumentStore(folder.File("kh.db"), TimeProvider.System);
        store.InitializeAsync().GetAwaiter().GetResult();
        var options = Options.Create(new IngestionOptions());
        batcher = new EmbeddingBatcher(onnx, options, TimeProvider.System, NullLogger<EmbeddingBatcher>.Instance);
        embedder = new ChunkEmbedder(onnx, batcher, store, options);
    }

    [Fact]
    public async Task A_document_in_its_index_step_is_copied_once_it_completes()
    {
        var copies = await StoreAsync();
        using var target = EmbeddedIndex.Open(null, onnx.ModelId, onnx.Dimensions);
        var delays = 0;
        var clock = new HookedDelays(() =>
        {
            // While the catch-up waits, the worker finishes doc_b's index step.
            delays++;
            store.UpdateProgressAsync("doc_b", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 1, Version: 1)).GetAwaiter().GetResult();
        });
        var rebuilder = new IndexRebuilder(store, embedder, clock);

        var touched = await rebuilder.CatchUpAsync(target, copies, ["acme"]);

        Assert.Equal(1, delays);
        Assert.Equal(1, touched);
        Assert.Equal(1, await target.CountAsync("acme", "doc_b"));
    }

    [Fact]
    public async Task The_wait_for_documents_in_their_index_step_is_bounded()
    {
        var copies = await StoreAsync();
        using var target = EmbeddedIndex.Open(null, onnx.ModelId, onnx.Dimensions);
        var rebuilder = new IndexRebuilder(store, embedder, new HookedDelays(() => { })) { IndexStepWait = TimeSpan.Zero };

        var touched = await rebuilder.CatchUpAsync(target, copies, ["acme"]);

        Assert.Equal(0, touched);
        Assert.Equal(0, await target.CountAsync("acme", "doc_b"));
    }

    public void Dispose()
    {
        batcher.Dispose();
        onnx.Dispose();
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    /// <summary>doc_a completed and already copied; doc_b chunked and embedded, in its index step.</summary>
    private async Task<IReadOnlyList<IndexRebuilder.Copied>> StoreAsync()
    {
        var a = await AddAsync("doc_a", "Refunds are paid within 14 days.");
        await store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 1, Version: 1));
        await AddAsync("doc_b", "Shipping is free above 50 euros.");
        await store.UpdateProgressAsync("doc_b", new DocumentProgress(DocumentStatus.Processing, VersionIndexer.Step, 0, 1, Version: 1));
        var copied = (await store.GetByIdAsync(a.Id))!;
        return [new IndexRebuilder.Copied(copied.Tenant, copied.Id, copied.Version, copied.UpdatedAt)];
    }

    private async Task<DocumentRecord> AddAsync(string id, string text)
    {
        var now = DateTimeOffset.UtcNow;
        var (document, _) = await store.AddIfAbsentAsync(new DocumentRecord
        {
            Id = id,
            Tenant = "acme",
            Collection = "default",
            FileName = id + ".txt",
            ContentHash = id,
            SizeBytes = text.Length,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await store.ReplaceChunksAsync(id, 1, [new StoredChunk(ChunkId.For(id, 1, 0), id, 1, 0, null, null, text, 8)]);
        return document;
    }

    /// <summary>The system clock, except that a delay runs the hook and then ends at once.</summary>
    private sealed class HookedDelays(Action onDelay) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            onDelay();
            return new Fired(callback, state);
        }

        private sealed class Fired : ITimer
        {
            public Fired(TimerCallback callback, object? state) => ThreadPool.QueueUserWorkItem(_ => callback(state));

            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
