using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task Unfinished_pages_continue_after_their_cursor_through_equal_creation_times_without_repeating_or_skipping()
    {
        // Seven unfinished documents created in the same second (the id breaks the tie), two finished ones between them.
        var ids = new[] { "doc_g", "doc_b", "doc_e", "doc_a", "doc_f", "doc_c", "doc_d", "doc_done_1", "doc_done_2" };
        foreach (var id in ids)
        {
            await Store.AddIfAbsentAsync(NewDocument(id, tenant: id == "doc_c" ? "globex" : "acme"));
        }

        await Store.UpdateProgressAsync("doc_done_1", new DocumentProgress(DocumentStatus.Completed));
        await Store.UpdateProgressAsync("doc_done_2", new DocumentProgress(DocumentStatus.Failed, Error: "bad pdf"));
        await Store.UpdateProgressAsync("doc_e", new DocumentProgress(DocumentStatus.Processing, Step: "chunk"));

        var read = new List<string>();
        var pages = 0;
        DocumentCursor? after = null;
        while (true)
        {
            var page = await Store.ListUnfinishedPageAsync(Time.GetUtcNow(), after, limit: 3);
            Assert.True(page.Count <= 3);
            read.AddRange(page.Select(d => d.Id));
            if (page.Count == 0)
            {
                break;
            }

            pages++;
            after = DocumentCursor.After(page[^1]);
        }

        Assert.Equal(["doc_a", "doc_b", "doc_c", "doc_d", "doc_e", "doc_f", "doc_g"], read);
        Assert.Equal(3, pages);
    }

    [StoreFact]
    public async Task Unfinished_pages_leave_out_documents_whose_status_changed_after_the_bound()
    {
        await AddInOrderAsync(NewDocument("doc_old"), NewDocument("doc_touched"), NewDocument("doc_new"));
        var bound = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.UpdateProgressAsync("doc_touched", new DocumentProgress(DocumentStatus.Processing, Step: "extract"));
        await Store.AddIfAbsentAsync(NewDocument("doc_after") with { CreatedAt = Time.GetUtcNow(), UpdatedAt = Time.GetUtcNow() });

        Assert.Equal(["doc_old", "doc_new"], (await Store.ListUnfinishedPageAsync(bound, after: null, limit: 10)).Select(d => d.Id));
        Assert.Equal(
            ["doc_old", "doc_touched", "doc_new", "doc_after"],
            (await Store.ListUnfinishedPageAsync(Time.GetUtcNow(), after: null, limit: 10)).Select(d => d.Id));
    }

    [StoreFact]
    public async Task Ingestion_counts_cover_every_unfinished_document_and_what_ended_in_each_window_of_the_tenant_alone()
    {
        await AddInOrderAsync(
            NewDocument("doc_queued_1"),
            NewDocument("doc_queued_2"),
            NewDocument("doc_queued_other", tenant: "globex"),
            NewDocument("doc_processing"),
            NewDocument("doc_completed_long_ago"),
            NewDocument("doc_failed_long_ago"),
            NewDocument("doc_completed_this_hour"),
            NewDocument("doc_failed_this_hour"),
            NewDocument("doc_completed_this_minute_1"),
            NewDocument("doc_completed_this_minute_2"),
            NewDocument("doc_completed_other", tenant: "globex"));
        await Store.UpdateProgressAsync("doc_processing", new DocumentProgress(DocumentStatus.Processing, Step: "embed"));
        await Store.UpdateProgressAsync("doc_completed_long_ago", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 100));
        await Store.UpdateProgressAsync("doc_failed_long_ago", new DocumentProgress(DocumentStatus.Failed, Error: "bad pdf"));
        Time.Advance(TimeSpan.FromHours(2));
        await Store.UpdateProgressAsync("doc_completed_this_hour", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 10));
        await Store.UpdateProgressAsync("doc_failed_this_hour", new DocumentProgress(DocumentStatus.Failed, Error: "bad pdf"));
        Time.Advance(TimeSpan.FromMinutes(30));
        await Store.UpdateProgressAsync("doc_completed_this_minute_1", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 3));
        await Store.UpdateProgressAsync("doc_completed_this_minute_2", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 4));
        await Store.UpdateProgressAsync("doc_completed_other", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 50));
        var now = Time.GetUtcNow();

        var counts = await Store.CountIngestionAsync("acme", endedFrom: now - TimeSpan.FromHours(1), rateFrom: now - TimeSpan.FromMinutes(1));

        Assert.Equal(new IngestionCounts(Queued: 2, Processing: 1, Completed: 3, Failed: 1, RecentCompleted: 2, RecentChunks: 7), counts);
        Assert.Equal(new IngestionCounts(0, 0, 0, 0, 0, 0), await Store.CountIngestionAsync("initech", now - TimeSpan.FromHours(1), now - TimeSpan.FromMinutes(1)));
    }
}
