using KnowledgeHub.TestSupport;
using Npgsql;

namespace KnowledgeHub.Store.Tests;

/// <summary>A uniquely named database on the test server, dropped on dispose, so runs never see each other's rows.</summary>
public sealed class TemporaryDatabase : IAsyncDisposable
{
    private readonly string serverConnectionString;

    private TemporaryDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <exception cref="InvalidOperationException">KNOWLEDGEHUB_POSTGRES is not set.</exception>
    public static async Task<TemporaryDatabase> CreateAsync()
    {
        var server = PostgresAvailability.RequireConnectionString();
        var name = "kh_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\";");
        return new TemporaryDatabase(server, name);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE);");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        // The server's own database (from the connection string), never the one being created or dropped.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
