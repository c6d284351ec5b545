using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Store.Tests;

/// <summary>The compliance suite against PostgreSQL: one temporary database for the class, emptied before each test.</summary>
[RequiresPostgres]
public sealed class PostgresDocumentStoreTests(PostgresDatabaseFixture fixture) : DocumentStoreCompliance, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IDocumentStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        var store = new PostgresDocumentStore(fixture.Database.DataSource, timeProvider, NullLogger<PostgresDocumentStore>.Instance);
        await store.InitializeAsync();
        await fixture.Database.ExecuteAsync("TRUNCATE documents, chunks, upload_receipts;");
        return store;
    }
}
