using Microsoft.Extensions.Logging;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>
/// Brings the database to the newest embedded migration. Every replica calls this at start, so the work runs
/// in one transaction under a transaction-scoped advisory lock: the first replica migrates, the others wait for
/// its commit and then find nothing to do. A failed migration rolls back whole, leaving the previous version.
/// </summary>
internal static class SchemaMigrator
{
    // Any constant works as long as every replica uses the same one and nothing else in the database does ("KH_DOCS").
    internal const long AdvisoryLockKey = 0x4B48_5F44_4F43_53;

    public static async Task<int> MigrateAsync(NpgsqlConnection connection, IReadOnlyList<Migration> migrations, ILogger logger, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key);", cancellationToken, ("key", AdvisoryLockKey));

        // Created under the lock: CREATE TABLE IF NOT EXISTS itself races when two sessions run it at once.
        await ExecuteAsync(
            connection,
            """
            CREATE TABLE IF NOT EXISTS schema_version (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            cancellationToken);

        int current;
        await using (var query = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection))
        {
            current = (int)(await query.ExecuteScalarAsync(cancellationToken))!;
        }

        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await ExecuteAsync(
                connection,
                "INSERT INTO schema_version (version, name) VALUES (@version, @name);",
                cancellationToken,
                ("version", migration.Version),
                ("name", migration.Name));
            PostgresLog.MigrationApplied(logger, migration.Version, migration.Name);
            current = migration.Version;
        }

        await transaction.CommitAsync(cancellationToken);
        if (current > known)
        {
            PostgresLog.SchemaNewer(logger, current, known);
        }
        else
        {
            PostgresLog.SchemaCurrent(logger, current);
        }

        return current;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
