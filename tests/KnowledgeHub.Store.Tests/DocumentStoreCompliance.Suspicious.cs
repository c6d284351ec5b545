using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    private const string Planted = "asks for credentials at a link";

    [StoreFact]
    public async Task A_chunk_keeps_its_planted_instruction_flag()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        var flagged = Chunk("doc_a", 1, 1) with { Suspicious = Planted };

        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0), flagged]);

        Assert.Equal([Chunk("doc_a", 1, 0), flagged], await Store.GetChunksAsync("doc_a"));
    }

    [StoreFact]
    public async Task Clearing_a_flag_clears_only_that_chunk()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0) with { Suspicious = Planted }, Chunk("doc_a", 1, 1) with { Suspicious = Planted }]);

        Assert.True(await Store.SetChunkSuspiciousAsync("doc_a:1:0", null));

        Assert.Equal([null, Planted], (await Store.GetChunksAsync("doc_a")).Select(c => c.Suspicious));
    }

    [StoreFact]
    public async Task Setting_the_flag_of_a_missing_chunk_reports_it_missing() =>
        Assert.False(await Store.SetChunkSuspiciousAsync("doc_missing:1:0", null));

    [StoreFact]
    public async Task Suspicious_chunks_are_counted_per_document_for_its_current_version_only()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.AddIfAbsentAsync(NewDocument("doc_b"));
        await Store.AddIfAbsentAsync(NewDocument("doc_c"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0) with { Suspicious = Planted }, Chunk("doc_a", 1, 1) with { Suspicious = Planted }, Chunk("doc_a", 1, 2)]);
        await Store.ReplaceChunksAsync("doc_b", 1, [Chunk("doc_b", 1, 0)]);

        // Version 2 of doc_c is current; the flagged chunk of its version 1 is about to be replaced.
        await Store.AddVersionAsync("acme", "doc_c", new NewVersion("c.pdf", "hc2", 10, null));
        await Store.ReplaceChunksAsync("doc_c", 1, [Chunk("doc_c", 1, 0) with { Suspicious = Planted }]);
        await Store.ReplaceChunksAsync("doc_c", 2, [Chunk("doc_c", 2, 0) with { Suspicious = Planted }, Chunk("doc_c", 2, 1)]);

        var counts = await Store.CountSuspiciousChunksAsync(["doc_a", "doc_b", "doc_c", "doc_missing"]);

        Assert.Equal(new Dictionary<string, int> { ["doc_a"] = 2, ["doc_c"] = 1 }, counts);
        Assert.Empty(await Store.CountSuspiciousChunksAsync([]));
    }
}
