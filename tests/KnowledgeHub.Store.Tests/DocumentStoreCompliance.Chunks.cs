using System.Data.Common;
using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    protected static StoredChunk Chunk(string documentId, int version, int ordinal, string? text = null) =>
        new($"{documentId}:{version}:{ordinal}", documentId, version, ordinal, ordinal + 1, "Intro > Scope", text ?? $"chunk {ordinal} of v{version}", 12);

    [StoreFact]
    public async Task GetChunks_returns_every_field_ordered_by_version_then_ordinal()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        var withoutPage = new StoredChunk("doc_a:1:2", "doc_a", 1, 2, null, null, "没有页码的段落", 7);
        await Store.ReplaceChunksAsync("doc_a", 2, [Chunk("doc_a", 2, 1), Chunk("doc_a", 2, 0)]);
        await Store.ReplaceChunksAsync("doc_a", 1, [withoutPage, Chunk("doc_a", 1, 0)]);

        var chunks = await Store.GetChunksAsync("doc_a");

        Assert.Equal([Chunk("doc_a", 1, 0), withoutPage, Chunk("doc_a", 2, 0), Chunk("doc_a", 2, 1)], chunks);
    }

    [StoreFact]
    public async Task ReplaceChunks_replaces_only_the_given_version_of_the_given_document()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.AddIfAbsentAsync(NewDocument("doc_b"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0)]);
        await Store.ReplaceChunksAsync("doc_a", 2, [Chunk("doc_a", 2, 0), Chunk("doc_a", 2, 1)]);
        await Store.ReplaceChunksAsync("doc_b", 2, [Chunk("doc_b", 2, 0)]);

        await Store.ReplaceChunksAsync("doc_a", 2, [Chunk("doc_a", 2, 0, "rewritten")]);

        Assert.Equal([Chunk("doc_a", 1, 0), Chunk("doc_a", 2, 0, "rewritten")], await Store.GetChunksAsync("doc_a"));
        Assert.Equal([Chunk("doc_b", 2, 0)], await Store.GetChunksAsync("doc_b"));
    }

    [StoreFact]
    public async Task ReplaceChunks_with_no_chunks_removes_that_version()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0)]);

        await Store.ReplaceChunksAsync("doc_a", 1, []);

        Assert.Empty(await Store.GetChunksAsync("doc_a"));
    }

    [StoreFact]
    public async Task ReplaceChunks_that_fails_part_way_leaves_the_previous_chunks()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        var before = new[] { Chunk("doc_a", 1, 0), Chunk("doc_a", 1, 1) };
        await Store.ReplaceChunksAsync("doc_a", 1, before);

        // The second row repeats the first one's id: the insert fails after the delete has run.
        var broken = new[] { Chunk("doc_a", 1, 0, "new"), Chunk("doc_a", 1, 0, "duplicate id") };
        await Assert.ThrowsAnyAsync<DbException>(() => Store.ReplaceChunksAsync("doc_a", 1, broken));

        Assert.Equal(before, await Store.GetChunksAsync("doc_a"));
    }

    [StoreFact]
    public async Task ReplaceChunks_stores_a_large_batch()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        var chunks = Enumerable.Range(0, 2_000).Select(i => Chunk("doc_a", 1, i)).ToArray();

        await Store.ReplaceChunksAsync("doc_a", 1, chunks);

        Assert.Equal(chunks, await Store.GetChunksAsync("doc_a"));
    }

    [StoreFact]
    public async Task ReplaceChunks_with_a_progress_records_the_chunks_and_the_status_together()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        var progress = new DocumentProgress(DocumentStatus.Processing, "embed", 0, 2, PageCount: 3, Version: 1);

        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0), Chunk("doc_a", 1, 1)], progress);

        Assert.Equal([Chunk("doc_a", 1, 0), Chunk("doc_a", 1, 1)], await Store.GetChunksAsync("doc_a"));
        var stored = (await Store.GetByIdAsync("doc_a"))!;
        Assert.Equal((DocumentStatus.Processing, "embed", 0, 2, (int?)3), (stored.Status, stored.Step, stored.ProgressDone, stored.ProgressTotal, stored.PageCount));
    }

    [StoreFact]
    public async Task ReplaceChunks_that_fails_part_way_leaves_the_status_it_was_given_unwritten()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, "extract", Version: 1));
        var broken = new[] { Chunk("doc_a", 1, 0, "new"), Chunk("doc_a", 1, 0, "duplicate id") };

        await Assert.ThrowsAnyAsync<DbException>(() => Store.ReplaceChunksAsync("doc_a", 1, broken, new DocumentProgress(DocumentStatus.Processing, "embed", 0, 2, Version: 1)));

        Assert.Equal("extract", (await Store.GetByIdAsync("doc_a"))!.Step);
        Assert.Empty(await Store.GetChunksAsync("doc_a"));
    }
}
