using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

/// <summary>The contract of <see cref="ICollectionChunkingStore"/>, run against every implementation with an empty, initialized database per test.</summary>
public abstract class CollectionChunkingStoreCompliance : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private ICollectionChunkingStore? store;

    protected ICollectionChunkingStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A store over a new, empty database whose schema is initialized.</summary>
    protected abstract Task<ICollectionChunkingStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => store is null ? Task.CompletedTask : DisposeStoreAsync();

    [StoreFact]
    public async Task A_collection_without_a_setting_has_none()
    {
        Assert.Null(await Store.GetChunkingAsync("acme", "manuals"));
        Assert.False(await Store.DeleteChunkingAsync("acme", "manuals"));
    }

    [StoreFact]
    public async Task Set_then_get_returns_every_field_and_a_second_set_replaces_the_first()
    {
        await Store.SetChunkingAsync(new CollectionChunkingRecord("acme", "manuals", 64, 8, Start));
        Assert.Equal(new CollectionChunkingRecord("acme", "manuals", 64, 8, Start), await Store.GetChunkingAsync("acme", "manuals"));

        await Store.SetChunkingAsync(new CollectionChunkingRecord("acme", "manuals", 512, 48, Start.AddHours(1)));
        Assert.Equal(new CollectionChunkingRecord("acme", "manuals", 512, 48, Start.AddHours(1)), await Store.GetChunkingAsync("acme", "manuals"));
    }

    [StoreFact]
    public async Task Settings_are_kept_per_tenant_and_collection_and_delete_removes_only_its_own()
    {
        await Store.SetChunkingAsync(new CollectionChunkingRecord("acme", "manuals", 64, 8, Start));
        await Store.SetChunkingAsync(new CollectionChunkingRecord("acme", "contracts", 128, 16, Start));
        await Store.SetChunkingAsync(new CollectionChunkingRecord("globex", "manuals", 1024, 0, Start));

        Assert.True(await Store.DeleteChunkingAsync("acme", "manuals"));

        Assert.Null(await Store.GetChunkingAsync("acme", "manuals"));
        Assert.Equal(128, (await Store.GetChunkingAsync("acme", "contracts"))?.MaxTokens);
        Assert.Equal(1024, (await Store.GetChunkingAsync("globex", "manuals"))?.MaxTokens);
    }
}
