using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task ListPage_walks_every_document_once_newest_first_by_cursor_with_the_total_on_each_page()
    {
        await AddInOrderAsync([.. Enumerable.Range(0, 7).Select(i => NewDocument($"doc_{i}"))]);
        await Store.AddIfAbsentAsync(NewDocument("other_tenant", tenant: "beta"));

        var seen = new List<string>();
        DocumentCursor? after = null;
        var pages = 0;
        do
        {
            var page = await Store.ListPageAsync("acme", new DocumentQuery { Limit = 3, After = after });
            Assert.Equal(7, page.Total);
            seen.AddRange(page.Documents.Select(d => d.Id));
            after = page.Next;
            pages++;
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"doc_{i}"), seen);
    }

    [StoreFact]
    public async Task ListPage_orders_documents_created_at_the_same_instant_by_id_and_the_cursor_splits_them()
    {
        foreach (var id in new[] { "doc_c", "doc_a", "doc_b" })
        {
            await Store.AddIfAbsentAsync(NewDocument(id));
        }

        var first = await Store.ListPageAsync("acme", new DocumentQuery { Limit = 2 });
        var second = await Store.ListPageAsync("acme", new DocumentQuery { Limit = 2, After = first.Next });

        Assert.Equal(["doc_a", "doc_b"], first.Documents.Select(d => d.Id));
        Assert.Equal(["doc_c"], second.Documents.Select(d => d.Id));
        Assert.Null(second.Next);
    }

    [StoreFact]
    public async Task ListPage_with_an_offset_skips_that_many_rows()
    {
        await AddInOrderAsync([.. Enumerable.Range(0, 5).Select(i => NewDocument($"doc_{i}"))]);

        var page = await Store.ListPageAsync("acme", new DocumentQuery { Limit = 2, Offset = 2 });

        Assert.Equal(["doc_2", "doc_1"], page.Documents.Select(d => d.Id));
        Assert.NotNull(page.Next);
    }

    [StoreFact]
    public async Task ListPage_filters_by_collection_status_file_name_and_creation_time_together()
    {
        await AddInOrderAsync(
            NewDocument("a") with { FileName = "Annual_Report.pdf" },
            NewDocument("b") with { FileName = "annual-report.pdf", Collection = "legal" },
            NewDocument("c") with { FileName = "ANNUAL_REPORT_2024.pdf" },
            NewDocument("d") with { FileName = "minutes.pdf" },
            NewDocument("e") with { FileName = "annual_report_final.pdf" });
        await Store.UpdateProgressAsync("e", new DocumentProgress(DocumentStatus.Completed));

        var byName = await Store.ListPageAsync("acme", new DocumentQuery { FileNameContains = "annual_report" });
        var byAll = await Store.ListPageAsync("acme", new DocumentQuery
        {
            Collection = "default",
            FileNameContains = "REPORT",
            Status = DocumentStatus.Queued,
            CreatedFrom = Start.AddSeconds(1),
            CreatedTo = Start.AddSeconds(4),
        });

        // The underscore is literal, not LIKE's any-character: "annual-report" does not match.
        Assert.Equal(["e", "c", "a"], byName.Documents.Select(d => d.Id));
        Assert.Equal(3, byName.Total);
        Assert.Equal(["c"], byAll.Documents.Select(d => d.Id));
        Assert.Equal(1, byAll.Total);
    }

    [StoreFact]
    public async Task ListPage_treats_percent_in_the_file_name_filter_as_text()
    {
        await AddInOrderAsync(NewDocument("a") with { FileName = "100% cotton.txt" }, NewDocument("b") with { FileName = "100 cotton.txt" });

        var page = await Store.ListPageAsync("acme", new DocumentQuery { FileNameContains = "100%" });

        Assert.Equal(["a"], page.Documents.Select(d => d.Id));
    }

    [StoreFact]
    public async Task ListPage_of_an_empty_tenant_is_empty_with_no_next_page()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", tenant: "beta"));

        var page = await Store.ListPageAsync("acme", new DocumentQuery());

        Assert.Empty(page.Documents);
        Assert.Equal(0, page.Total);
        Assert.Null(page.Next);
    }

    [StoreFact]
    public async Task Cursor_survives_encoding_and_continues_at_the_same_row()
    {
        await AddInOrderAsync([.. Enumerable.Range(0, 4).Select(i => NewDocument($"doc_{i}"))]);
        var first = await Store.ListPageAsync("acme", new DocumentQuery { Limit = 2 });

        Assert.True(DocumentCursor.TryDecode(first.Next!.Encode(), out var decoded));
        var second = await Store.ListPageAsync("acme", new DocumentQuery { Limit = 2, After = decoded });

        Assert.Equal(["doc_1", "doc_0"], second.Documents.Select(d => d.Id));
    }

    [StoreFact]
    public async Task Upload_receipt_is_found_within_its_window_only_and_per_tenant()
    {
        var receipt = new UploadReceipt("acme", "key-1", "fp", "doc_a", 202, "{\"id\":\"doc_a\"}", Start);

        var stored = await Receipts.AddUploadReceiptAsync(receipt, Start.AddHours(-24));

        Assert.Equal(receipt, stored);
        Assert.Equal(receipt, await Receipts.FindUploadReceiptAsync("acme", "key-1", Start.AddHours(-1)));
        Assert.Null(await Receipts.FindUploadReceiptAsync("acme", "key-1", Start.AddMinutes(1)));
        Assert.Null(await Receipts.FindUploadReceiptAsync("beta", "key-1", Start.AddHours(-1)));
    }

    [StoreFact]
    public async Task Upload_receipt_for_a_key_in_use_keeps_the_first_and_an_expired_one_is_replaced()
    {
        var first = new UploadReceipt("acme", "key-1", "fp1", "doc_a", 202, "{}", Start);
        var second = first with { Fingerprint = "fp2", DocumentId = "doc_b", CreatedAt = Start.AddHours(1) };
        var later = first with { Fingerprint = "fp3", DocumentId = "doc_c", CreatedAt = Start.AddHours(30) };
        await Receipts.AddUploadReceiptAsync(first, Start.AddHours(-24));

        var whileInUse = await Receipts.AddUploadReceiptAsync(second, Start.AddHours(1 - 24));
        var afterExpiry = await Receipts.AddUploadReceiptAsync(later, Start.AddHours(30 - 24));

        Assert.Equal(first, whileInUse);
        Assert.Equal(later, afterExpiry);
    }

    [StoreFact]
    public async Task ListPage_with_UpdatedFrom_counts_only_documents_whose_status_changed_since_then()
    {
        await AddInOrderAsync(NewDocument("doc_early"), NewDocument("doc_late"), NewDocument("doc_untouched"));
        await Store.UpdateProgressAsync("doc_early", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 2));
        Time.Advance(TimeSpan.FromMinutes(30));
        var since = Time.GetUtcNow();
        await Store.UpdateProgressAsync("doc_late", new DocumentProgress(DocumentStatus.Completed, ChunkCount: 3));

        var recent = await Store.ListPageAsync("acme", new DocumentQuery { Status = DocumentStatus.Completed, UpdatedFrom = since });
        var all = await Store.ListPageAsync("acme", new DocumentQuery { Status = DocumentStatus.Completed });

        Assert.Equal(["doc_late"], recent.Documents.Select(d => d.Id));
        Assert.Equal(1, recent.Total);
        Assert.Equal(2, all.Total);
    }
}
