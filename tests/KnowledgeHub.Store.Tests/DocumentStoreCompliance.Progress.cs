using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task UpdateProgress_keeps_the_values_an_update_leaves_null()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(
            DocumentStatus.Processing, Step: "chunk", ProgressDone: 3, ProgressTotal: 10, ChunkCount: 30, PageCount: 4));

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, ProgressDone: 4));

        var stored = (await Store.GetByIdAsync("doc_a"))!;
        Assert.Equal(DocumentStatus.Processing, stored.Status);
        Assert.Equal("chunk", stored.Step);
        Assert.Equal(4, stored.ProgressDone);
        Assert.Equal(10, stored.ProgressTotal);
        Assert.Equal(30, stored.ChunkCount);
        Assert.Equal(4, stored.PageCount);
    }

    [StoreFact]
    public async Task UpdateProgress_replaces_the_step_while_processing_and_clears_it_otherwise()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, Step: "extract"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, Step: "embed"));
        Assert.Equal("embed", (await Store.GetByIdAsync("doc_a"))!.Step);

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Completed, Step: "index", ChunkCount: 12));

        var stored = (await Store.GetByIdAsync("doc_a"))!;
        Assert.Equal(DocumentStatus.Completed, stored.Status);
        Assert.Null(stored.Step);
        Assert.Equal(12, stored.ChunkCount);
    }

    [StoreFact]
    public async Task UpdateProgress_records_the_error_when_failed_and_clears_it_on_any_other_status()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Failed, Error: "The PDF is encrypted."));
        var failed = (await Store.GetByIdAsync("doc_a"))!;
        Assert.Equal(DocumentStatus.Failed, failed.Status);
        Assert.Equal("The PDF is encrypted.", failed.Error);
        Assert.Null(failed.Step);

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, Step: "extract", Error: "ignored"));

        Assert.Null((await Store.GetByIdAsync("doc_a"))!.Error);
    }

    [StoreFact]
    public virtual async Task UpdateProgress_to_failed_without_an_error_keeps_the_stored_error()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Failed, Error: "The PDF is encrypted."));

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Failed, PageCount: 3));

        var stored = (await Store.GetByIdAsync("doc_a"))!;
        Assert.Equal("The PDF is encrypted.", stored.Error);
        Assert.Equal(3, stored.PageCount);
    }

    [StoreFact]
    public async Task UpdateProgress_increments_attempts_only_when_asked()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, IncrementAttempts: true));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, Step: "chunk"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing, IncrementAttempts: true));

        Assert.Equal(2, (await Store.GetByIdAsync("doc_a"))!.Attempts);
    }

    [StoreFact]
    public async Task UpdateProgress_stamps_updated_at_from_the_clock_and_leaves_created_at()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        Time.Advance(TimeSpan.FromMinutes(3));

        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Processing));

        var stored = (await Store.GetByIdAsync("doc_a"))!;
        Assert.Equal(Start.UtcDateTime, stored.CreatedAt.UtcDateTime);
        Assert.Equal(Start.AddMinutes(3).UtcDateTime, stored.UpdatedAt.UtcDateTime);
    }

    [StoreFact]
    public async Task UpdateProgress_of_a_missing_document_changes_nothing()
    {
        await Store.UpdateProgressAsync("doc_missing", new DocumentProgress(DocumentStatus.Completed));

        Assert.Null(await Store.GetByIdAsync("doc_missing"));
    }

    [StoreFact]
    public async Task Requeue_resets_status_step_error_progress_and_attempts()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(
            DocumentStatus.Processing, Step: "embed", ProgressDone: 5, ProgressTotal: 9, PageCount: 2, IncrementAttempts: true));
        await Store.UpdateProgressAsync("doc_a", new DocumentProgress(DocumentStatus.Failed, Error: "encoder crashed", IncrementAttempts: true));
        Time.Advance(TimeSpan.FromMinutes(1));

        await Store.RequeueAsync("doc_a");

        var stored = (await Store.GetByIdAsync("doc_a"))!;
        Assert.Equal(DocumentStatus.Queued, stored.Status);
        Assert.Null(stored.Step);
        Assert.Null(stored.Error);
        Assert.Equal(0, stored.ProgressDone);
        Assert.Equal(0, stored.ProgressTotal);
        Assert.Equal(0, stored.Attempts);
        Assert.Equal(2, stored.PageCount);
        Assert.Equal(Start.AddMinutes(1).UtcDateTime, stored.UpdatedAt.UtcDateTime);
        Assert.Equal(["doc_a"], (await ListUnfinishedAsync()).Select(d => d.Id));
    }
}
