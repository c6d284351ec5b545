using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Store.Tests;

/// <summary>
/// The contract of <see cref="IDocumentStore"/>, run against every implementation: each concrete class supplies
/// an empty, initialized store per test. Tests are declared with <see cref="StoreFactAttribute"/> so that a
/// concrete class can skip them all when its server is absent.
/// </summary>
public abstract partial class DocumentStoreCompliance : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private IDocumentStore? store;

    protected FakeTimeProvider Time { get; } = new(Start);

    protected IDocumentStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>The same store through its embedding-cache face (every relational store is all three).</summary>
    protected IEmbeddingCache Cache => (IEmbeddingCache)Store;

    /// <summary>The same store through its upload-receipt face.</summary>
    protected IUploadReceiptStore Receipts => (IUploadReceiptStore)Store;

    /// <summary>A new, empty store whose schema is initialized.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync(TimeProvider timeProvider);

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync(Time);

    public Task DisposeAsync() => store is null ? Task.CompletedTask : DisposeStoreAsync();

    protected DocumentRecord NewDocument(string id, string tenant = "acme", string collection = "default", string? contentHash = null) => new()
    {
        Id = id,
        Tenant = tenant,
        Collection = collection,
        FileName = id + ".pdf",
        ContentHash = contentHash ?? "hash-" + id,
        SizeBytes = 1234,
        CreatedAt = Time.GetUtcNow(),
        UpdatedAt = Time.GetUtcNow(),
    };

    /// <summary>Every unfinished document unchanged since now, in one page larger than the test's documents.</summary>
    protected Task<IReadOnlyList<DocumentRecord>> ListUnfinishedAsync() => Store.ListUnfinishedPageAsync(Time.GetUtcNow(), after: null, limit: 1000);

    /// <summary>Adds documents one clock second apart, in the order given.</summary>
    protected async Task AddInOrderAsync(params DocumentRecord[] documents)
    {
        foreach (var document in documents)
        {
            await Store.AddIfAbsentAsync(document with { CreatedAt = Time.GetUtcNow(), UpdatedAt = Time.GetUtcNow() });
            Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [StoreFact]
    public async Task Initialize_twice_keeps_the_stored_documents()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));

        await Store.InitializeAsync();

        Assert.NotNull(await Store.GetByIdAsync("doc_a"));
    }

    [StoreFact]
    public async Task AddIfAbsent_creates_the_document_and_returns_every_field_as_stored()
    {
        var document = NewDocument("doc_a") with
        {
            ContentType = "application/pdf",
            Version = 3,
            Status = DocumentStatus.Processing,
            Step = "embed",
            ProgressDone = 2,
            ProgressTotal = 5,
            ChunkCount = 40,
            PageCount = 7,
            Attempts = 2,
            Tags = ["eu", "manuals"],
            OcrPages = [new OcrPageQuality(1, 91.5, false), new OcrPageQuality(2, null, true)],
            UpdatedAt = Start.AddMinutes(5),
        };

        var (stored, created) = await Store.AddIfAbsentAsync(document);

        Assert.True(created);
        AssertSameDocument(document, stored);
        AssertSameDocument(document, (await Store.GetAsync("acme", "doc_a"))!);
    }

    [StoreFact]
    public async Task AddIfAbsent_of_an_existing_id_returns_the_stored_row_and_created_false()
    {
        var first = NewDocument("doc_a");
        await Store.AddIfAbsentAsync(first);

        var (stored, created) = await Store.AddIfAbsentAsync(first with { FileName = "renamed.pdf", SizeBytes = 99 });

        Assert.False(created);
        Assert.Equal("doc_a.pdf", stored.FileName);
        Assert.Equal(1234, stored.SizeBytes);
    }

    [StoreFact]
    public async Task Concurrent_AddIfAbsent_of_one_id_from_8_tasks_creates_exactly_one_row()
    {
        var document = NewDocument("doc_race");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.AddIfAbsentAsync(document with { FileName = $"upload-{i}.pdf" }))));

        Assert.Single(results, r => r.Created);
        var winner = results.Single(r => r.Created).Document.FileName;
        Assert.All(results, r => Assert.Equal(winner, r.Document.FileName));
        Assert.Single(await Store.ListAsync("acme"));
    }

    [StoreFact]
    public async Task Get_does_not_return_another_tenants_document()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", tenant: "acme"));

        Assert.Null(await Store.GetAsync("globex", "doc_a"));
        Assert.NotNull(await Store.GetAsync("acme", "doc_a"));
    }

    [StoreFact]
    public async Task GetById_finds_the_document_in_any_tenant_and_null_when_missing()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", tenant: "globex"));

        Assert.Equal("globex", (await Store.GetByIdAsync("doc_a"))!.Tenant);
        Assert.Null(await Store.GetByIdAsync("doc_missing"));
    }

    [StoreFact]
    public async Task List_filters_by_tenant_and_collection_and_orders_newest_first()
    {
        await AddInOrderAsync(
            NewDocument("doc_1", collection: "manuals"),
            NewDocument("doc_2", collection: "contracts"),
            NewDocument("doc_other_tenant", tenant: "globex", collection: "manuals"),
            NewDocument("doc_3", collection: "manuals"));

        Assert.Equal(["doc_3", "doc_2", "doc_1"], (await Store.ListAsync("acme")).Select(d => d.Id));
        Assert.Equal(["doc_3", "doc_1"], (await Store.ListAsync("acme", "manuals")).Select(d => d.Id));
        Assert.Equal(["doc_other_tenant"], (await Store.ListAsync("globex")).Select(d => d.Id));
        Assert.Empty(await Store.ListAsync("acme", "missing"));
    }

    [StoreFact]
    public virtual async Task List_orders_by_the_instant_whatever_offset_the_creation_time_carries()
    {
        // 10:00 UTC written as 12:00+02:00, then 11:00 UTC: the second is the newer one.
        await Store.AddIfAbsentAsync(NewDocument("doc_earlier") with { CreatedAt = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)) });
        await Store.AddIfAbsentAsync(NewDocument("doc_later") with { CreatedAt = new DateTimeOffset(2024, 5, 1, 11, 0, 0, TimeSpan.Zero) });

        Assert.Equal(["doc_later", "doc_earlier"], (await Store.ListAsync("acme")).Select(d => d.Id));
        Assert.Equal(["doc_earlier", "doc_later"], (await ListUnfinishedAsync()).Select(d => d.Id));
    }

    [StoreFact]
    public async Task List_unfinished_returns_queued_and_processing_documents_of_every_tenant_oldest_first()
    {
        await AddInOrderAsync(
            NewDocument("doc_processing"),
            NewDocument("doc_completed"),
            NewDocument("doc_queued_other_tenant", tenant: "globex"),
            NewDocument("doc_failed"),
            NewDocument("doc_queued"));
        await Store.UpdateProgressAsync("doc_processing", new DocumentProgress(DocumentStatus.Processing, Step: "extract"));
        await Store.UpdateProgressAsync("doc_completed", new DocumentProgress(DocumentStatus.Completed));
        await Store.UpdateProgressAsync("doc_failed", new DocumentProgress(DocumentStatus.Failed, Error: "bad pdf"));

        var unfinished = await ListUnfinishedAsync();

        Assert.Equal(["doc_processing", "doc_queued_other_tenant", "doc_queued"], unfinished.Select(d => d.Id));
    }

    [StoreFact]
    public async Task List_processing_at_a_step_returns_only_documents_processing_there_oldest_first_up_to_the_limit()
    {
        await AddInOrderAsync(
            NewDocument("doc_index_1"),
            NewDocument("doc_embed"),
            NewDocument("doc_index_2", tenant: "globex"),
            NewDocument("doc_queued"),
            NewDocument("doc_index_3"),
            NewDocument("doc_completed"));
        foreach (var id in new[] { "doc_index_1", "doc_index_2", "doc_index_3" })
        {
            await Store.UpdateProgressAsync(id, new DocumentProgress(DocumentStatus.Processing, Step: "index"));
        }

        await Store.UpdateProgressAsync("doc_embed", new DocumentProgress(DocumentStatus.Processing, Step: "embed"));
        await Store.UpdateProgressAsync("doc_completed", new DocumentProgress(DocumentStatus.Processing, Step: "index"));
        await Store.UpdateProgressAsync("doc_completed", new DocumentProgress(DocumentStatus.Completed));

        Assert.Equal(["doc_index_1", "doc_index_2", "doc_index_3"], (await Store.ListProcessingAtStepAsync("index", 10)).Select(d => d.Id));
        Assert.Equal(["doc_index_1", "doc_index_2"], (await Store.ListProcessingAtStepAsync("index", 2)).Select(d => d.Id));
        Assert.Equal(["doc_embed"], (await Store.ListProcessingAtStepAsync("embed", 10)).Select(d => d.Id));
        Assert.Empty(await Store.ListProcessingAtStepAsync("chunk", 10));
    }

    [StoreFact]
    public async Task Delete_removes_the_document_and_its_chunks()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0), Chunk("doc_a", 1, 1)]);

        Assert.True(await Store.DeleteAsync("acme", "doc_a"));

        Assert.Null(await Store.GetByIdAsync("doc_a"));
        Assert.Empty(await Store.GetChunksAsync("doc_a"));
    }

    [StoreFact]
    public async Task Delete_from_another_tenant_removes_nothing_and_returns_false()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", tenant: "acme"));
        await Store.ReplaceChunksAsync("doc_a", 1, [Chunk("doc_a", 1, 0)]);

        Assert.False(await Store.DeleteAsync("globex", "doc_a"));

        Assert.NotNull(await Store.GetAsync("acme", "doc_a"));
        Assert.Single(await Store.GetChunksAsync("doc_a"));
    }

    [StoreFact]
    public async Task Delete_of_a_missing_document_returns_false()
    {
        Assert.False(await Store.DeleteAsync("acme", "doc_missing"));
    }

    [StoreFact]
    public async Task CountByHash_counts_the_documents_that_still_reference_the_bytes()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", collection: "one", contentHash: "shared"));
        await Store.AddIfAbsentAsync(NewDocument("doc_b", collection: "two", contentHash: "shared"));
        await Store.AddIfAbsentAsync(NewDocument("doc_c", contentHash: "other"));

        Assert.Equal(2, await Store.CountByHashAsync("shared"));
        await Store.DeleteAsync("acme", "doc_a");
        Assert.Equal(1, await Store.CountByHashAsync("shared"));
        Assert.Equal(0, await Store.CountByHashAsync("unknown"));
    }

    private static void AssertSameDocument(DocumentRecord expected, DocumentRecord actual)
    {
        // Stores may hand the instants back in UTC; the instant is the contract, not the offset.
        Assert.Equal(expected.CreatedAt.UtcDateTime, actual.CreatedAt.UtcDateTime);
        Assert.Equal(expected.UpdatedAt.UtcDateTime, actual.UpdatedAt.UtcDateTime);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.OcrPages, actual.OcrPages);
        Assert.Equal(expected with { Tags = [], OcrPages = [] }, actual with { CreatedAt = expected.CreatedAt, UpdatedAt = expected.UpdatedAt, Tags = [], OcrPages = [] });
    }
}
