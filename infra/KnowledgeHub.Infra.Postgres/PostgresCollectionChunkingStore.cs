using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>
/// Per-collection chunking in PostgreSQL, in the database of the documents (the table comes with migration 0012, which
/// <see cref="PostgresDocumentStore.InitializeAsync"/> applies). The data source belongs to the caller.
/// </summary>
public sealed class PostgresCollectionChunkingStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<PostgresCollectionChunkingStore> logger)
    : ICollectionChunkingStore
{
    private readonly TransientRetry retry = new(logger, timeProvider);

    public Task<CollectionChunkingRecord?> GetChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default) =>
        retry.RunAsync<CollectionChunkingRecord?>(
            dataSource,
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    "SELECT tenant, collection, max_tokens, overlap_tokens, updated_at FROM collection_chunking WHERE tenant = @tenant AND collection = @collection;",
                    connection);
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                command.Parameters.Add(DocumentRows.Text("collection", collection));
                await using var reader = await command.ExecuteReaderAsync(token);
                return await reader.ReadAsync(token)
                    ? new CollectionChunkingRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4))
                    : null;
            },
            cancellationToken);

    public Task SetChunkingAsync(CollectionChunkingRecord setting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setting);

        // An upsert: repeating it after an unknown outcome leaves the same row.
        return retry.RunAsync(
            dataSource,
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    INSERT INTO collection_chunking (tenant, collection, max_tokens, overlap_tokens, updated_at)
                    VALUES (@tenant, @collection, @max_tokens, @overlap_tokens, @updated_at)
                    ON CONFLICT (tenant, collection) DO UPDATE SET
                        max_tokens = excluded.max_tokens, overlap_tokens = excluded.overlap_tokens, updated_at = excluded.updated_at;
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("tenant", setting.Tenant));
                command.Parameters.Add(DocumentRows.Text("collection", setting.Collection));
                command.Parameters.Add(new NpgsqlParameter<int>("max_tokens", setting.MaxTokens));
                command.Parameters.Add(new NpgsqlParameter<int>("overlap_tokens", setting.OverlapTokens));
                command.Parameters.Add(DocumentRows.Timestamp("updated_at", setting.UpdatedAt));
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);
    }

    public Task<bool> DeleteChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default) =>
        retry.RunAsync(
            dataSource,
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand("DELETE FROM collection_chunking WHERE tenant = @tenant AND collection = @collection;", connection);
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                command.Parameters.Add(DocumentRows.Text("collection", collection));
                return await command.ExecuteNonQueryAsync(token) == 1;
            },
            cancellationToken);
}
