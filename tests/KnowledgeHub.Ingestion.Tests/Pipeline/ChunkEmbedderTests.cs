using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

public sealed class ChunkEmbedderTests : IDisposable
{
    private readonly TempFolder folder = new("kh-embedder");
    private readonly OnnxTextEncoder onnx;
    private readonly CountingEncoder encoder;
    private readonly SqliteDocumentStore store;
    private readonly EmbeddingBatcher batcher;
    private readonly ChunkEmbedder embedder;

    public ChunkEmbedderTests()
    {
        onnx = OnnxTextEncoder.Create(new EncoderOptions(), folder.File("models"));
        encoder = new CountingEncoder(onnx);
        store = new SqliteDocumentStore(folder.File("kh.db"), TimeProvider.System);
        store.InitializeAsync().GetAwaiter().GetResult();
        var options = Options.Create(new IngestionOptions { EmbedBatchSize = 2 });
        batcher = new EmbeddingBatcher(encoder, options, TimeProvider.System, NullLogger<EmbeddingBatcher>.Instance);
        embedder = new ChunkEmbedder(encoder, batcher, store, options);
    }

    [Fact]
    public async Task Identical_chunk_text_is_embedded_once_and_the_cached_vector_is_reused()
    {
        var first = await embedder.EmbedAsync([Chunk(0, "Refunds are paid within 14 days."), Chunk(1, "Shipping is free above 50 euros.")], NoProgress, CancellationToken.None);
        encoder.Embedded.Clear();

        var second = await embedder.EmbedAsync([Chunk(0, "Refunds are paid within 14 days."), Chunk(1, "Returns need the original receipt.")], NoProgress, CancellationToken.None);

        Assert.Equal(["Returns need the original receipt."], encoder.Embedded);
        Assert.Equal(first[0], second[0]);
        Assert.Equal(onnx.Dimensions, second[1].Length);
    }

    [Fact]
    public async Task Progress_counts_cached_chunks_as_done_then_each_encoder_batch()
    {
        await embedder.EmbedAsync([Chunk(0, "Alpha beta gamma.")], NoProgress, CancellationToken.None);
        var reports = new List<(int Done, int Total)>();

        await embedder.EmbedAsync(
            [Chunk(0, "Alpha beta gamma."), Chunk(1, "Delta."), Chunk(2, "Epsilon."), Chunk(3, "Zeta.")],
            (done, total) =>
            {
                reports.Add((done, total));
                return Task.CompletedTask;
            },
            CancellationToken.None);

        Assert.Equal([(1, 4), (3, 4), (4, 4)], reports);
    }

    public void Dispose()
    {
        batcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        onnx.Dispose();
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    private static StoredChunk Chunk(int ordinal, string text) => new($"doc:v1:{ordinal:D5}", "doc", 1, ordinal, null, null, text, 8);

    private static Task NoProgress(int done, int total) => Task.CompletedTask;
}
