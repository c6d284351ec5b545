using System.Globalization;
using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Store.Tests;

/// <summary>The 100,000-document backlog in a SQLite file in a fresh temporary folder per test.</summary>
[Trait("Speed", "Slow")]
public sealed class SqliteBacklogAtScaleTests : BacklogAtScaleCompliance
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(folder, "documents.db");

    protected override async Task<IDocumentStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        var store = new SqliteDocumentStore(DatabasePath, timeProvider);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task InsertBacklogAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Join(
            '\n',
            Rows("q", "acme", Backlog, "queued", "NULL", "NULL", At("10:00:00", "n % 997"), At("10:00:00", "n % 997")),
            Rows("o", "globex", OtherTenantQueued, "queued", "NULL", "NULL", At("10:00:00", "n"), At("10:00:00", "n")),
            Rows("p", "acme", Processing, "processing", "'embed'", "NULL", At("10:00:00", "n"), At("11:59:00", "0")),
            Rows("c", "acme", CompletedThisMinute, "completed", "NULL", ChunksEach.ToString(CultureInfo.InvariantCulture), At("10:00:00", "n"), At("11:59:30", "0")),
            Rows("f", "acme", FailedThisHour, "failed", "NULL", "NULL", At("10:00:00", "n"), At("11:30:00", "0")),
            Rows("h", "acme", CompletedHoursAgo, "completed", "NULL", "1", At("09:00:00", "n"), At("09:00:00", "n")));
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    protected override Task DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    // The store's own text form of an instant: fixed-width UTC round-trip text, so that text order is time order.
    private static string At(string time, string seconds) =>
        $"strftime('%Y-%m-%dT%H:%M:%S', '2024-05-01 {time}', '+' || ({seconds}) || ' seconds') || '.0000000+00:00'";

    private static string Rows(string prefix, string tenant, int count, string status, string step, string chunks, string created, string updated) => $"""
        WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count})
        INSERT INTO documents (id, tenant, collection, file_name, content_hash, size_bytes, version, status, step, chunk_count, created_at, updated_at)
        SELECT '{prefix}' || n, '{tenant}', 'default', '{prefix}' || n || '.txt', 'hash-{prefix}' || n, 100, 1, '{status}', {step}, {chunks}, {created}, {updated} FROM g;
        """;
}
