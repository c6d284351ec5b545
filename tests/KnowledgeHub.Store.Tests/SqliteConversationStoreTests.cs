using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Store.Tests;

/// <summary>The conversation compliance suite against a SQLite file in a fresh temporary folder per test.</summary>
public sealed class SqliteConversationStoreTests : ConversationStoreCompliance
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<IConversationStore> CreateStoreAsync()
    {
        var path = Path.Combine(folder, "documents.db");
        await new SqliteDocumentStore(path, Time).InitializeAsync();
        return new SqliteConversationStore(path);
    }

    protected override Task DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
