using System.Globalization;
using System.Runtime.CompilerServices;
using KnowledgeHub.Infra.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>How every store in the one SQLite file connects and writes times.</summary>
internal static class SqliteDatabase
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Default,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    // The native connections the pool has handed out with their settings applied. Settings last as long as the native
    // connection, so each is set once instead of at every open (an ingested document opens about a dozen times).
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var handle = connection.Handle;
        if (handle is null || !Configured.TryGetValue(handle, out _))
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            if (handle is not null)
            {
                Configured.AddOrUpdate(handle, Configured);
            }
        }

        return connection;
    }

    /// <summary>Runs one SELECT on a fresh pooled connection and reads every row with <paramref name="read"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        string connectionString, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(read(reader));
        }

        return result;
    }

    /// <summary>A shared statement's argument as SQLite keeps it: times as text, booleans as 0 or 1.</summary>
    public static (string Name, object Value) Argument(SqlArgument argument) => (
        SqlDialect.Sqlite.Parameter(argument.Name),
        argument.Value switch
        {
            null => DBNull.Value,
            DateTimeOffset time => Time(time),
            bool flag => flag ? 1 : 0,
            var value => value,
        });

    public static void Bind(SqliteCommand command, IEnumerable<SqlArgument> arguments)
    {
        foreach (var (name, value) in arguments.Select(Argument))
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    // Fixed-width UTC round-trip text, so that text comparison in SQL orders times correctly.
    public static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ReadTime(System.Data.Common.DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);
}
