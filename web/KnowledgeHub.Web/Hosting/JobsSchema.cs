using Hangfire.PostgreSql;
using Npgsql;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// Installs or upgrades Hangfire's tables in their own schema. Hangfire's own start-up install is turned off, so
/// this runs only from `migrate` or from a host migrating at start, and under a PostgreSQL advisory lock: replicas
/// starting together install once, one after the other.
/// </summary>
public static class JobsSchema
{
    // Any constant that nothing else in the database uses ("KH_JOBS").
    private const long AdvisoryLockKey = 0x4B48_5F4A_4F42_53;

    public static async Task InstallAsync(JobsOptions options, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(options.PostgresConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey});", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            PostgreSqlObjectsInstaller.Install(connection, options.Schema);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey});", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
