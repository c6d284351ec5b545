using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Ingestion.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Store.Tests;

/// <summary>The key store compliance suite against PostgreSQL: one temporary database for the class, emptied before each test.</summary>
[RequiresPostgres]
public sealed class PostgresApiKeyStoreTests(PostgresDatabaseFixture fixture) : ApiKeyStoreCompliance, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IApiKeyStore> CreateStoreAsync()
    {
        await new PostgresDocumentStore(fixture.Database.DataSource, TimeProvider.System, NullLogger<PostgresDocumentStore>.Instance).InitializeAsync();
        await fixture.Database.ExecuteAsync("TRUNCATE api_keys;");
        return new PostgresApiKeyStore(fixture.Database.DataSource, TimeProvider.System, NullLogger<PostgresApiKeyStore>.Instance);
    }
}
