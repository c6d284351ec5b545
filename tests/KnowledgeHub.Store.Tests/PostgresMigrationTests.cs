using KnowledgeHub.TestSupport;
using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KnowledgeHub.Store.Tests;

public sealed class PostgresMigrationTests
{
    [PostgresRequiredFact]
    public async Task Replicas_initializing_an_empty_database_at_once_apply_each_migration_exactly_once()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var migrations = Migration.LoadEmbedded();

        // Each replica has its own pool, as separate processes would.
        var replicas = Enumerable.Range(0, 8).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(dataSource => Task.Run(() =>
                new PostgresDocumentStore(dataSource, TimeProvider.System, NullLogger<PostgresDocumentStore>.Instance).InitializeAsync())));
        }
        finally
        {
            foreach (var dataSource in replicas)
            {
                await dataSource.DisposeAsync();
            }
        }

        Assert.Equal(migrations.Select(m => m.Version), await AppliedVersionsAsync(database));
    }

    [PostgresRequiredFact]
    public async Task Initialize_on_a_current_schema_applies_nothing_and_keeps_the_rows()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var store = new PostgresDocumentStore(database.DataSource, TimeProvider.System, NullLogger<PostgresDocumentStore>.Instance);
        await store.InitializeAsync();
        var now = TimeProvider.System.GetUtcNow();
        await store.AddIfAbsentAsync(new DocumentRecord
        {
            Id = "doc_a", Tenant = "acme", Collection = "default", FileName = "a.txt", ContentHash = "h", SizeBytes = 1, CreatedAt = now, UpdatedAt = now,
        });

        await store.InitializeAsync();

        Assert.Equal(Migration.LoadEmbedded().Select(m => m.Version), await AppliedVersionsAsync(database));
        Assert.NotNull(await store.GetByIdAsync("doc_a"));
    }

    [Fact]
    public void Embedded_migrations_are_numbered_from_1_without_gaps()
    {
        var migrations = Migration.LoadEmbedded();

        Assert.NotEmpty(migrations);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.All(migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }

    private static async Task<List<int>> AppliedVersionsAsync(TemporaryDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("SELECT version FROM schema_version ORDER BY version;");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
