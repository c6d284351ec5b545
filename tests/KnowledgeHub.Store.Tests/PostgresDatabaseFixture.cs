using KnowledgeHub.TestSupport;
namespace KnowledgeHub.Store.Tests;

/// <summary>One temporary database per test class. Without a server it does nothing off CI (the tests are skipped) and fails on CI.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private TemporaryDatabase? database;

    public TemporaryDatabase Database => database ?? throw new InvalidOperationException("No PostgreSQL database: " + PostgresAvailability.SkipReason);

    public async Task InitializeAsync()
    {
        if (PostgresAvailability.SkipReason is null)
        {
            database = await TemporaryDatabase.CreateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
