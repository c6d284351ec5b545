using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Tenancy;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>API keys in the same SQLite file as the documents (the table is created by <see cref="SqliteDocumentStore.InitializeAsync"/>).</summary>
public sealed class SqliteApiKeyStore(string databasePath) : IApiKeyStore
{
    private const string Columns = "id, name, tenant, role, secret_hash, created_at, last_used_at, revoked_at, groups";

    private readonly string connectionString = SqliteDatabase.ConnectionString(databasePath);

    public async Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO api_keys ({Columns})
            VALUES ($id, $name, $tenant, $role, $secret_hash, $created_at, $last_used_at, $revoked_at, $groups);
            """;
        AddValues(command, key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> AddFirstAdminAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);

        // BEGIN IMMEDIATE takes the write lock before the check, so two processes cannot both find no admin key.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO api_keys ({Columns})
            SELECT $id, $name, $tenant, $role, $secret_hash, $created_at, $last_used_at, $revoked_at, $groups
            WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE tenant = $tenant AND role = 'admin');
            """;
        AddValues(command, key);
        var added = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private static void AddValues(SqliteCommand command, ApiKeyRecord key)
    {
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$name", key.Name);
        command.Parameters.AddWithValue("$tenant", key.Tenant);
        command.Parameters.AddWithValue("$role", ApiKeyRoles.Text(key.Role));
        command.Parameters.AddWithValue("$secret_hash", key.SecretHash);
        command.Parameters.AddWithValue("$created_at", SqliteDatabase.Time(key.CreatedAt));
        command.Parameters.AddWithValue("$last_used_at", key.LastUsedAt is { } used ? SqliteDatabase.Time(used) : DBNull.Value);
        command.Parameters.AddWithValue("$revoked_at", key.RevokedAt is { } revoked ? SqliteDatabase.Time(revoked) : DBNull.Value);
        command.Parameters.AddWithValue("$groups", (object?)DocumentColumns.TagsJson(key.Groups) ?? DBNull.Value);
    }

    public async Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE id = $id", cancellationToken, ("$id", id))).SingleOrDefault();

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken = default) =>
        tenant is null
            ? QueryAsync("ORDER BY created_at, id", cancellationToken)
            : QueryAsync("WHERE tenant = $tenant ORDER BY created_at, id", cancellationToken, ("$tenant", tenant));

    public async Task<bool> RevokeAsync(string? tenant, string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $revoked_at)
            WHERE id = $id AND ($tenant IS NULL OR tenant = $tenant);
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$tenant", (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("$revoked_at", SqliteDatabase.Time(revokedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task TouchAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET last_used_at = $used_at WHERE id = $id AND (last_used_at IS NULL OR last_used_at < $used_at);";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$used_at", SqliteDatabase.Time(usedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasAdminKeyAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM api_keys WHERE tenant = $tenant AND role = 'admin');";
        command.Parameters.AddWithValue("$tenant", tenant);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private async Task<IReadOnlyList<ApiKeyRecord>> QueryAsync(string clause, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM api_keys {clause};";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static ApiKeyRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Tenant = reader.GetString(2),
        Role = ApiKeyRoles.Parse(reader.GetString(3)),
        SecretHash = (byte[])reader.GetValue(4),
        CreatedAt = SqliteDatabase.ReadTime(reader, 5),
        LastUsedAt = reader.IsDBNull(6) ? null : SqliteDatabase.ReadTime(reader, 6),
        RevokedAt = reader.IsDBNull(7) ? null : SqliteDatabase.ReadTime(reader, 7),
        Groups = reader.IsDBNull(8) ? [] : DocumentColumns.ParseStrings(reader.GetString(8)),
    };
}
