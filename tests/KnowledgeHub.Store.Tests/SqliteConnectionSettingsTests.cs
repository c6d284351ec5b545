using KnowledgeHub.Infra.Sqlite;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Store.Tests;

/// <summary>The per-connection settings every store relies on, now applied once per pooled native connection.</summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kh-store-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_open_connection_has_the_busy_wait_and_sync_level_whether_new_or_reused_from_the_pool()
    {
        Directory.CreateDirectory(folder);
        var connectionString = SqliteDatabase.ConnectionString(Path.Combine(folder, "settings.db"));

        // Two at once (two native connections), then each reused from the pool, then fresh ones after the pool is cleared.
        for (var round = 0; round < 3; round++)
        {
            if (round == 2)
            {
                SqliteConnection.ClearAllPools();
            }

            await using var first = await SqliteDatabase.OpenAsync(connectionString, CancellationToken.None);
            await using var second = await SqliteDatabase.OpenAsync(connectionString, CancellationToken.None);
            foreach (var connection in new[] { first, second })
            {
                Assert.Equal(30000L, await ScalarAsync(connection, "PRAGMA busy_timeout;"));
                Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous;")); // NORMAL
            }
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
