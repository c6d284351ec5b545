using KnowledgeHub.Connectors;
using KnowledgeHub.Infra.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Store.Tests;

/// <summary>The connector store compliance suite against PostgreSQL: one temporary database for the class, emptied before each test.</summary>
[RequiresPostgres]
public sealed class PostgresConnectorStoreTests(PostgresDatabaseFixture fixture) : ConnectorStoreCompliance, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IConnectorStore> CreateStoreAsync()
    {
        await new PostgresDocumentStore(fixture.Database.DataSource, TimeProvider.System, NullLogger<PostgresDocumentStore>.Instance).InitializeAsync();
        await fixture.Database.ExecuteAsync("TRUNCATE connectors, connector_runs, connector_run_errors, connector_items;");
        return new PostgresConnectorStore(fixture.Database.DataSource, TimeProvider.System, NullLogger<PostgresConnectorStore>.Instance);
    }
}
