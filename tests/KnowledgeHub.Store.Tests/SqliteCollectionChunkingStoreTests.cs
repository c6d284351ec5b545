using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Store.Tests;

/// <summary>The collection chunking compliance suite against a SQLite file in a fresh temporary folder per test.</summary>
public sealed class SqliteCollectionChunkingStoreTests : CollectionChunkingStoreCompliance
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<ICollectionChunkingStore> CreateStoreAsync()
    {
        var path = Path.Combine(folder, "documents.db");
        await new SqliteDocumentStore(path, TimeProvider.System).InitializeAsync();
        return new SqliteCollectionChunkingStore(path);
    }

    protected override Task DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
