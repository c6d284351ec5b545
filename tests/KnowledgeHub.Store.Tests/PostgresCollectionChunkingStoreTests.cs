using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Store.Tests;

/// <summary>The collection chunking compliance suite against PostgreSQL: one temporary database for the class, emptied before each test.</summary>
[RequiresPostgres]
public sealed class PostgresCollectionChunkingStoreTests(PostgresDatabaseFixture fixture) : CollectionChunkingStoreCompliance, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<ICollectionChunkingStore> CreateStoreAsync()
    {
        await new PostgresDocumentStore(fixture.Database.DataSource, TimeProvider.System, NullLogger<PostgresDocumentStore>.Instance).InitializeAsync();
        await fixture.Database.ExecuteAsync("TRUNCATE collection_chunking;");
        return new PostgresCollectionChunkingStore(fixture.Database.DataSource, TimeProvider.System, NullLogger<PostgresCollectionChunkingStore>.Instance);
    }
}
