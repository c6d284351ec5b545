using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Tenancy;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Store.Tests;

/// <summary>The key store compliance suite against a SQLite file in a fresh temporary folder per test.</summary>
public sealed class SqliteApiKeyStoreTests : ApiKeyStoreCompliance
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<IApiKeyStore> CreateStoreAsync()
    {
        var path = Path.Combine(folder, "documents.db");
        await new SqliteDocumentStore(path, TimeProvider.System).InitializeAsync();
        return new SqliteApiKeyStore(path);
    }

    protected override Task DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
