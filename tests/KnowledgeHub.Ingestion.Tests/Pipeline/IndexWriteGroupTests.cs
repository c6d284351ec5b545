using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>Grouped index writes on the real embedded index: one commit for many documents, and a bad document fails alone.</summary>
public sealed class IndexWriteGroupTests : IDisposable
{
    private const string Tenant = "acme";
    private const int Dimensions = 4;

    private readonly EmbeddedIndex embedded = EmbeddedIndex.Open(null, "test-model", Dimensions);

    [Fact]
    public async Task Documents_writing_while_a_commit_runs_share_the_next_commit_and_each_returns_once_searchable()
    {
        var index = new HeldIndex(embedded);
        await using var group = Group(index);
        var first = group.UpsertAsync(Chunks("doc_first", 1), CancellationToken.None);
        await index.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var writes = Enumerable.Range(1, 30).Select(d => group.UpsertAsync(Chunks($"doc_{d}", 1 + (d % 3)), CancellationToken.None)).ToList();
        Assert.All(writes, w => Assert.False(w.IsCompleted));
        index.Release();
        await first;
        await Task.WhenAll(writes);

        // One upsert for the first document, one for the 30 that came while it ran.
        Assert.Equal(new[] { 1, 30 }, index.Upserts.Select(u => u.Select(c => c.DocumentId).Distinct().Count()));
        foreach (var d in Enumerable.Range(1, 30))
        {
            Assert.Equal(1 + (d % 3), await embedded.CountAsync(Tenant, $"doc_{d}"));
        }
    }

    [Fact]
    public async Task A_document_the_index_refuses_fails_alone_while_the_documents_grouped_with_it_are_written()
    {
        var index = new HeldIndex(embedded);
        await using var group = Group(index);
        var first = group.UpsertAsync(Chunks("doc_first", 1), CancellationToken.None);
        await index.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var good = Enumerable.Range(1, 20).Select(d => group.UpsertAsync(Chunks($"doc_{d}", 2), CancellationToken.None)).ToList();
        // A vector of the wrong width: the embedded index refuses the whole upsert it is part of.
        var bad = group.UpsertAsync([Chunk("doc_bad", 0) with { Vector = [1f, 0f] }], CancellationToken.None);
        index.Release();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => bad);
        await first;
        await Task.WhenAll(good);
        Assert.Equal(0, await embedded.CountAsync(Tenant, "doc_bad"));
        Assert.Equal(41, await embedded.CountAsync(Tenant));
    }

    [Fact]
    public async Task A_stopped_document_withdraws_its_waiting_write_and_nothing_of_it_is_indexed()
    {
        var index = new HeldIndex(embedded);
        await using var group = Group(index);
        var first = group.UpsertAsync(Chunks("doc_first", 1), CancellationToken.None);
        await index.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        using var deleted = new CancellationTokenSource();
        var stopped = group.UpsertAsync(Chunks("doc_deleted", 2), deleted.Token);
        var kept = group.UpsertAsync(Chunks("doc_kept", 2), CancellationToken.None);
        await deleted.CancelAsync();
        index.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped);
        await first;
        await kept;
        Assert.Equal(0, await embedded.CountAsync(Tenant, "doc_deleted"));
        Assert.Equal(2, await embedded.CountAsync(Tenant, "doc_kept"));
    }

    public void Dispose() => embedded.Dispose();

    private static IndexWriteGroup Group(ISearchIndex index) =>
        new(index, Options.Create(new IngestionOptions { IndexCommitDocuments = 64, IndexCommitWindow = TimeSpan.Zero }), TimeProvider.System, NullLogger<IndexWriteGroup>.Instance);

    private static List<IndexedChunk> Chunks(string documentId, int count) => [.. Enumerable.Range(0, count).Select(o => Chunk(documentId, o))];

    private static IndexedChunk Chunk(string documentId, int ordinal) => new(
        $"{documentId}_1_{ordinal}", Tenant, "default", documentId, 1, $"{documentId}.txt", null, ordinal, $"Pumps and valves of {documentId}, part {ordinal}.",
        null, [0.5f, 0.5f, 0.5f, 0.5f], null, null, DateTimeOffset.UnixEpoch, null);

    /// <summary>The real index, recording each upsert; the first upsert waits to be released after writing.</summary>
    private sealed class HeldIndex(ISearchIndex inner) : DelegatingSearchIndex(inner)
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<IReadOnlyList<IndexedChunk>> Upserts { get; } = [];

        public void Release() => released.TrySetResult();

        public override async Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
        {
            lock (Upserts)
            {
                Upserts.Add(chunks);
            }

            await Inner.UpsertAsync(chunks, cancellationToken);
            Entered.TrySetResult();
            await released.Task.WaitAsync(cancellationToken);
        }
    }
}
