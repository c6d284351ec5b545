using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>Per-collection chunking in the documents' SQLite file (the table comes with step 0012 of <see cref="SqliteDocumentStore.InitializeAsync"/>).</summary>
public sealed class SqliteCollectionChunkingStore(string databasePath) : ICollectionChunkingStore
{
    private readonly string connectionString = SqliteDatabase.ConnectionString(databasePath);

    public async Task<CollectionChunkingRecord?> GetChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default)
    {
        var rows = await SqliteDatabase.QueryAsync(
            connectionString,
            "SELECT tenant, collection, max_tokens, overlap_tokens, updated_at FROM collection_chunking WHERE tenant = $tenant AND collection = $collection;",
            r => new CollectionChunkingRecord(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), SqliteDatabase.ReadTime(r, 4)),
            cancellationToken,
            ("$tenant", tenant),
            ("$collection", collection));
        return rows.SingleOrDefault();
    }

    public async Task SetChunkingAsync(CollectionChunkingRecord setting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO collection_chunking (tenant, collection, max_tokens, overlap_tokens, updated_at)
            VALUES ($tenant, $collection, $max_tokens, $overlap_tokens, $updated_at)
            ON CONFLICT (tenant, collection) DO UPDATE SET
                max_tokens = excluded.max_tokens, overlap_tokens = excluded.overlap_tokens, updated_at = excluded.updated_at;
            """;
        command.Parameters.AddWithValue("$tenant", setting.Tenant);
        command.Parameters.AddWithValue("$collection", setting.Collection);
        command.Parameters.AddWithValue("$max_tokens", setting.MaxTokens);
        command.Parameters.AddWithValue("$overlap_tokens", setting.OverlapTokens);
        command.Parameters.AddWithValue("$updated_at", SqliteDatabase.Time(setting.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteChunkingAsync(string tenant, string collection, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM collection_chunking WHERE tenant = $tenant AND collection = $collection;";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$collection", collection);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
