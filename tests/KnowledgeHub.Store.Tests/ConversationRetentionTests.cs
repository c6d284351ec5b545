using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Store.Tests;

/// <summary>The retention job against a real SQLite store: cutoff from the injected clock, batches until nothing is left.</summary>
public sealed class ConversationRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));
    private SqliteConversationStore? store;

    private SqliteConversationStore Store => store ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        var path = Path.Combine(folder, "documents.db");
        await new SqliteDocumentStore(path, new FakeTimeProvider(Now)).InitializeAsync();
        store = new SqliteConversationStore(path);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private ConversationRetention Retention(int days) => new(
        Store, Options.Create(new ConversationRetentionOptions { RetentionDays = days }), new FakeTimeProvider(Now), NullLogger<ConversationRetention>.Instance);

    private async Task AddAsync(string id, DateTimeOffset lastActive) =>
        await Store.CreateAsync(new Conversation(id, "acme", null, lastActive, lastActive));

    [Fact]
    public async Task Purge_deletes_every_conversation_past_retention_across_batches_and_keeps_the_rest()
    {
        var expired = (2 * ConversationRetention.BatchSize) + 7;
        for (var i = 0; i < expired; i++)
        {
            await AddAsync($"conv_old_{i:D5}", Now.AddDays(-31).AddMinutes(-i));
        }

        await AddAsync("conv_29_days", Now.AddDays(-29));
        await AddAsync("conv_today", Now.AddHours(-1));

        Assert.Equal(expired, await Retention(30).PurgeAsync(CancellationToken.None));

        var left = await Store.ListAsync("acme", 0, 10);
        Assert.Equal(["conv_today", "conv_29_days"], left.Items.Select(c => c.Id));
        Assert.Equal(0, await Retention(30).PurgeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Purge_deletes_nothing_when_retention_is_off()
    {
        await AddAsync("conv_ancient", Now.AddYears(-10));

        Assert.Equal(0, await Retention(0).PurgeAsync(CancellationToken.None));
        Assert.NotNull(await Store.GetAsync("acme", "conv_ancient"));
    }
}
