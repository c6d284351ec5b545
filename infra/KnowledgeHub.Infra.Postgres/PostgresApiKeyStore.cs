using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Tenancy;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>
/// API keys in PostgreSQL, in the database of the documents (the table comes with migration 0003, which
/// <see cref="PostgresDocumentStore.InitializeAsync"/> applies). The data source belongs to the caller.
/// </summary>
public sealed class PostgresApiKeyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<PostgresApiKeyStore> logger) : IApiKeyStore
{
    private const string Columns = "id, name, tenant, role, secret_hash, created_at, last_used_at, revoked_at, groups";

    private readonly TransientRetry retry = new(logger, timeProvider);

    public Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) =>
        // Not repeated after an unknown outcome: a repeat of a committed insert would fail on the primary key.
        RunAsync(
            idempotent: false,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    $"INSERT INTO api_keys ({Columns}) VALUES (@id, @name, @tenant, @role, @secret_hash, @created_at, @last_used_at, @revoked_at, @groups);",
                    connection);
                AddValues(command, key);
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

    public Task<bool> AddFirstAdminAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: false,
            async (connection, token) =>
            {
                // A transaction-scoped advisory lock per tenant serialises replicas; the check then sees any admin key
                // another replica committed first.
                await using var transaction = await connection.BeginTransactionAsync(token);
                await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('knowledgehub:first-admin:' || @tenant));", connection, transaction))
                {
                    take.Parameters.Add(DocumentRows.Text("tenant", key.Tenant));
                    await take.ExecuteNonQueryAsync(token);
                }

                await using var command = new NpgsqlCommand(
                    $"""
                    INSERT INTO api_keys ({Columns})
                    SELECT @id, @name, @tenant, @role, @secret_hash, @created_at, @last_used_at, @revoked_at, @groups
                    WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE tenant = @tenant AND role = 'admin');
                    """,
                    connection,
                    transaction);
                AddValues(command, key);
                var added = await command.ExecuteNonQueryAsync(token) == 1;
                await transaction.CommitAsync(token);
                return added;
            },
            cancellationToken);

    public async Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE id = @id", cancellationToken, DocumentRows.Text("id", id))).SingleOrDefault();

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken = default) =>
        tenant is null
            ? QueryAsync("ORDER BY created_at, id", cancellationToken)
            : QueryAsync("WHERE tenant = @tenant ORDER BY created_at, id", cancellationToken, DocumentRows.Text("tenant", tenant));

    public Task<bool> RevokeAsync(string? tenant, string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default) =>
        // COALESCE keeps the first revocation time, so a repeat changes nothing and reports the same.
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @revoked_at) WHERE id = @id AND (@tenant::text IS NULL OR tenant = @tenant);",
                    connection);
                command.Parameters.Add(DocumentRows.Text("id", id));
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                command.Parameters.Add(DocumentRows.Timestamp("revoked_at", revokedAt));
                return await command.ExecuteNonQueryAsync(token) == 1;
            },
            cancellationToken);

    public Task TouchAsync(string id, DateTimeOffset usedAt, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    "UPDATE api_keys SET last_used_at = @used_at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @used_at);",
                    connection);
                command.Parameters.Add(DocumentRows.Text("id", id));
                command.Parameters.Add(DocumentRows.Timestamp("used_at", usedAt));
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

    public Task<bool> HasAdminKeyAsync(string tenant, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM api_keys WHERE tenant = @tenant AND role = 'admin');", connection);
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                return (bool)(await command.ExecuteScalarAsync(token))!;
            },
            cancellationToken);

    private static void AddValues(NpgsqlCommand command, ApiKeyRecord key)
    {
        command.Parameters.Add(DocumentRows.Text("id", key.Id));
        command.Parameters.Add(DocumentRows.Text("name", key.Name));
        command.Parameters.Add(DocumentRows.Text("tenant", key.Tenant));
        command.Parameters.Add(DocumentRows.Text("role", ApiKeyRoles.Text(key.Role)));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("secret_hash", key.SecretHash));
        command.Parameters.Add(DocumentRows.Timestamp("created_at", key.CreatedAt));
        command.Parameters.Add(OptionalTime("last_used_at", key.LastUsedAt));
        command.Parameters.Add(OptionalTime("revoked_at", key.RevokedAt));
        command.Parameters.Add(DocumentRows.Text("groups", DocumentColumns.TagsJson(key.Groups)));
    }

    private static NpgsqlParameter OptionalTime(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    private Task<IReadOnlyList<ApiKeyRecord>> QueryAsync(string clause, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        RunAsync<IReadOnlyList<ApiKeyRecord>>(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand($"SELECT {Columns} FROM api_keys {clause};", connection);
                command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
                var result = new List<ApiKeyRecord>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(new ApiKeyRecord
                    {
                        Id = reader.GetString(0),
                        Name = reader.GetString(1),
                        Tenant = reader.GetString(2),
                        Role = ApiKeyRoles.Parse(reader.GetString(3)),
                        SecretHash = reader.GetFieldValue<byte[]>(4),
                        CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
                        LastUsedAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                        RevokedAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                        Groups = reader.IsDBNull(8) ? [] : DocumentColumns.ParseStrings(reader.GetString(8)),
                    });
                }

                return result;
            },
            cancellationToken);

    private Task<T> RunAsync<T>(bool idempotent, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        retry.RunAsync(dataSource, idempotent, work, cancellationToken);
}
