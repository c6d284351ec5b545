using Npgsql;

namespace KnowledgeHub.Web.Tests;

/// <summary>A fresh database on the server KNOWLEDGEHUB_POSTGRES names, dropped (connections and all) when disposed.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string baseConnection;
    private readonly string name;

    private PostgresTestDatabase(string baseConnection, string name)
    {
        this.baseConnection = baseConnection;
        this.name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(baseConnection) { Database = name, Pooling = false }.ConnectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Configuration arguments for a host: PostgreSQL store and jobs in this database.</summary>
    public string[] HostArgs(bool postgresJobs = true) =>
    [
        "--KnowledgeHub:Store:Provider=postgres", $"--ConnectionStrings:Postgres={ConnectionString}",
        .. postgresJobs ? (string[])["--KnowledgeHub:Jobs:Provider=postgres"] : [],
    ];

    public static async Task<PostgresTestDatabase> CreateAsync(string prefix)
    {
        var baseConnection = Environment.GetEnvironmentVariable("KNOWLEDGEHUB_POSTGRES")
            ?? throw new InvalidOperationException("PostgreSQL is required on CI: KNOWLEDGEHUB_POSTGRES is not set.");
        var name = prefix + "_" + Guid.NewGuid().ToString("N");
        await using var admin = NpgsqlDataSource.Create(baseConnection);
        await using var create = admin.CreateCommand($"CREATE DATABASE {name}");
        await create.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(baseConnection, name);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every row of the query, each as its columns' values.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await using var admin = NpgsqlDataSource.Create(baseConnection);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
