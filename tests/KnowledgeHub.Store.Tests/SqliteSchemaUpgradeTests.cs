using KnowledgeHub.Infra.Sqlite;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Store.Tests;

public sealed class SqliteSchemaUpgradeTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_version_6_database_keeps_its_chunks_and_gains_the_suspicious_flag()
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "documents.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();

            // The chunks table as versions 2 to 6 left it: no suspicious column; the API keys table as version 3 made it.
            command.CommandText = """
                CREATE TABLE chunks (id TEXT PRIMARY KEY, document_id TEXT NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL,
                    page INTEGER NULL, heading_path TEXT NULL, text TEXT NOT NULL, token_count INTEGER NOT NULL, box TEXT NULL);
                INSERT INTO chunks VALUES ('doc_a:1:0', 'doc_a', 1, 0, 1, NULL, 'kept text', 2, NULL);
                CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, tenant TEXT NOT NULL, role TEXT NOT NULL,
                    secret_hash BLOB NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT NULL, revoked_at TEXT NULL);
                PRAGMA user_version = 6;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = new SqliteDocumentStore(path, TimeProvider.System);
        await store.InitializeAsync();
        var before = Assert.Single(await store.GetChunksAsync("doc_a"));
        Assert.True(await store.SetChunkSuspiciousAsync("doc_a:1:0", "asks to ignore previous instructions"));

        Assert.Equal("kept text", before.Text);
        Assert.Null(before.Suspicious);
        Assert.Equal("asks to ignore previous instructions", Assert.Single(await store.GetChunksAsync("doc_a")).Suspicious);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
