using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task FindByContent_finds_the_current_version_within_tenant_and_collection_only()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", contentHash: "h1"));
        await Store.AddIfAbsentAsync(NewDocument("doc_b", tenant: "globex", contentHash: "h2"));

        Assert.Equal("doc_a", (await Store.FindByContentAsync("acme", "default", "h1"))?.Id);
        Assert.Null(await Store.FindByContentAsync("acme", "other", "h1"));
        Assert.Null(await Store.FindByContentAsync("acme", "default", "h2"));
    }

    [StoreFact]
    public async Task AddVersion_increments_the_version_queues_the_document_and_replaces_its_content()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", contentHash: "h1") with { Status = DocumentStatus.Failed, Error = "boom", Attempts = 3, ChunkCount = 4 });
        Time.Advance(TimeSpan.FromMinutes(1));

        var updated = await Store.AddVersionAsync("acme", "doc_a", new NewVersion("renamed.pdf", "h2", 999, "application/pdf"));

        Assert.NotNull(updated);
        Assert.Equal(2, updated.Version);
        Assert.Equal(DocumentStatus.Queued, updated.Status);
        Assert.Equal(("renamed.pdf", "h2", 999L), (updated.FileName, updated.ContentHash, updated.SizeBytes));
        Assert.Null(updated.Error);
        Assert.Equal(0, updated.Attempts);
        Assert.Equal(4, updated.ChunkCount); // the previous version's count stays until the new one completes
        Assert.Equal(Time.GetUtcNow(), updated.UpdatedAt);
        Assert.Null(await Store.FindByContentAsync("acme", "default", "h1"));
        Assert.Null(await Store.AddVersionAsync("globex", "doc_a", new NewVersion("x.pdf", "h3", 1, null)));
        Assert.Null(await Store.AddVersionAsync("acme", "doc_missing", new NewVersion("x.pdf", "h3", 1, null)));
    }

    [StoreFact]
    public async Task Progress_for_an_older_version_does_not_touch_the_newer_one()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.AddVersionAsync("acme", "doc_a", new NewVersion("doc_a.pdf", "h2", 1, null));

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 9, Version: 1));
        Assert.Equal(DocumentStatus.Queued, (await Store.GetByIdAsync("doc_a"))!.Status);

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 9, Version: 2));
        Assert.Equal(DocumentStatus.Completed, (await Store.GetByIdAsync("doc_a"))!.Status);
    }

    [StoreFact]
    public async Task Step_timings_are_stored_with_progress_and_kept_by_later_updates_without_them()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        StepTiming[] steps = [new("extract", 12.5), new("chunk", 1.25), new("embed", 300), new("index", 4)];

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Completed, Steps: steps));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 3));

        Assert.Equal(steps, (await Store.GetByIdAsync("doc_a"))!.Steps);
    }

    [StoreFact]
    public async Task DeleteChunksBelowVersion_keeps_that_version_and_newer()
    {
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0), Chunk("doc_a", 1, 1)]);
        await Store.ReplaceChunksAsync("doc_a", 2, [Chunk("doc_a", 2, 0)]);
        await Store.ReplaceChunksAsync("doc_b", 1, [Chunk("doc_b", 1, 0)]);

        await Store.DeleteChunksBelowVersionAsync("doc_a", 2);

        Assert.Equal([2], (await Store.GetChunksAsync("doc_a")).Select(c => c.Version));
        Assert.Single(await Store.GetChunksAsync("doc_b"));
    }

    [StoreFact]
    public async Task Embedding_cache_returns_stored_vectors_per_model_and_keeps_the_first_entry()
    {
        float[] first = [0.25f, -1.5f, 3f];
        await Cache.PutCachedEmbeddingsAsync("model-a", [new("t1", first), new("t2", [1f, 2f, 3f])]);
        await Cache.PutCachedEmbeddingsAsync("model-a", [new("t1", [9f, 9f, 9f])]);

        var hits = await Cache.GetCachedEmbeddingsAsync("model-a", ["t1", "t3"]);
        var otherModel = await Cache.GetCachedEmbeddingsAsync("model-b", ["t1", "t2"]);

        Assert.Equal(["t1"], hits.Keys);
        Assert.Equal(first, hits["t1"]);
        Assert.Empty(otherModel);
        Assert.Empty(await Cache.GetCachedEmbeddingsAsync("model-a", []));
    }

    [StoreFact]
    public async Task Chunk_bounding_boxes_round_trip_and_stay_null_when_absent()
    {
        var boxed = Chunk("doc_a", 1, 0) with { Box = new KnowledgeHub.Retrieval.PageBox(72.5, 100, 540.25, 180) };
        await Store.ReplaceChunksAsync("doc_a", 1, [boxed, Chunk("doc_a", 1, 1)]);

        var stored = await Store.GetChunksAsync("doc_a");

        Assert.Equal(boxed.Box, stored[0].Box);
        Assert.Null(stored[1].Box);
    }
}
