using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Store.Tests;

/// <summary>The compliance suite against a SQLite file in a fresh temporary folder per test.</summary>
public sealed class SqliteDocumentStoreTests : DocumentStoreCompliance
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<IDocumentStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        var store = new SqliteDocumentStore(Path.Combine(folder, "documents.db"), timeProvider);
        await store.InitializeAsync();
        return store;
    }

    protected override Task DisposeStoreAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm companions) open until the pool lets go.
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
