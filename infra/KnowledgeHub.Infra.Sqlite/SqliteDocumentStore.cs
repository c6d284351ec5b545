using System.Globalization;
using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>Documents, status and chunks in one SQLite file (the embedded default).</summary>
public sealed partial class SqliteDocumentStore(string databasePath, TimeProvider timeProvider) : IDocumentStore, IEmbeddingCache, IUploadReceiptStore
{
    private const string Columns = DocumentColumns.Documents;

    private readonly string connectionString = SqliteDatabase.ConnectionString(databasePath);

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSchema.Steps[0].Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);

        await using var query = connection.CreateCommand();
        query.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        foreach (var step in SqliteSchema.Steps.Skip(1).Where(s => s.Version > version))
        {
            await UpgradeAsync(connection, step.Sql, cancellationToken);
        }
    }

    // Each step sets user_version itself, inside its transaction, so a step that fails leaves the previous version.
    private static async Task UpgradeAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var upgrade = connection.CreateCommand();
        upgrade.Transaction = transaction;
        upgrade.CommandText = sql;
        await upgrade.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(DocumentRecord Document, bool Created)> AddIfAbsentAsync(DocumentRecord document, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO documents ({Columns})
            VALUES ({DocumentColumns.DocumentParameters(SqlDialect.Sqlite)})
            ON CONFLICT (id) DO NOTHING;
            """;
        SqliteDatabase.Bind(command, DocumentColumns.DocumentArguments(document));
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        var stored = await GetByIdAsync(document.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Document {document.Id} vanished right after insert.");
        return (stored, inserted);
    }

    public Task<DocumentRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        QuerySingleAsync("WHERE id = $id AND tenant = $tenant", cancellationToken, ("$id", id), ("$tenant", tenant));

    public Task<DocumentRecord?> FindByContentAsync(string tenant, string collection, string contentHash, CancellationToken cancellationToken = default) =>
        QuerySingleAsync(
            "WHERE tenant = $tenant AND collection = $collection AND content_hash = $hash ORDER BY created_at, id LIMIT 1",
            cancellationToken,
            ("$tenant", tenant),
            ("$collection", collection),
            ("$hash", contentHash));

    public async Task<DocumentRecord?> AddVersionAsync(string tenant, string id, NewVersion content, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE documents SET version = version + 1, file_name = $file_name, content_hash = $content_hash,
                size_bytes = $size_bytes, content_type = $content_type, status = 'queued', step = NULL, error = NULL,
                progress_done = 0, progress_total = 0, attempts = 0, updated_at = $updated_at, tags = COALESCE($tags, tags),
                access_groups = COALESCE($access_groups, access_groups), metadata = COALESCE($metadata, metadata)
            WHERE id = $id AND tenant = $tenant;
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$file_name", content.FileName);
        command.Parameters.AddWithValue("$content_hash", content.ContentHash);
        command.Parameters.AddWithValue("$size_bytes", content.SizeBytes);
        command.Parameters.AddWithValue("$content_type", (object?)content.ContentType ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated_at", Now());
        command.Parameters.AddWithValue("$tags", content.Tags is null ? DBNull.Value : (object?)DocumentColumns.TagsJson(content.Tags) ?? "[]");
        command.Parameters.AddWithValue("$access_groups", content.AccessGroups is null ? DBNull.Value : (object?)DocumentColumns.TagsJson(content.AccessGroups) ?? "[]");
        command.Parameters.AddWithValue("$metadata", (object?)DocumentColumns.MetadataChange(content.Metadata) ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? null : await GetAsync(tenant, id, cancellationToken);
    }

    public async Task<DocumentRecord?> UpdateAttributesAsync(string tenant, string id, DocumentChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE documents SET access_groups = COALESCE($access_groups, access_groups), metadata = COALESCE($metadata, metadata)
            WHERE id = $id AND tenant = $tenant;
            """;
        command.Parameters.AddWithValue("$metadata", (object?)DocumentColumns.MetadataChange(changes.Metadata) ?? DBNull.Value);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$access_groups", changes.AccessGroups is null ? DBNull.Value : (object?)DocumentColumns.TagsJson(changes.AccessGroups) ?? "[]");
        return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? null : await GetAsync(tenant, id, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, float[]>> GetCachedEmbeddingsAsync(string modelId, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (textHashes.Count == 0)
        {
            return result;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT vector FROM embedding_cache WHERE model = $model AND text_hash = $hash;";
        command.Parameters.AddWithValue("$model", modelId);
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        foreach (var textHash in textHashes.Distinct(StringComparer.Ordinal))
        {
            hash.Value = textHash;
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] bytes)
            {
                result[textHash] = DocumentColumns.VectorFromBytes(bytes);
            }
        }

        return result;
    }

    public async Task PutCachedEmbeddingsAsync(string modelId, IReadOnlyList<KeyValuePair<string, float[]>> entries, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO embedding_cache (model, text_hash, vector) VALUES ($model, $hash, $vector) ON CONFLICT DO NOTHING;";
        command.Parameters.AddWithValue("$model", modelId);
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        var vector = command.Parameters.Add("$vector", SqliteType.Blob);
        foreach (var (textHash, values) in entries)
        {
            hash.Value = textHash;
            vector.Value = DocumentColumns.VectorBytes(values);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<DocumentRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default) =>
        QuerySingleAsync("WHERE id = $id", cancellationToken, ("$id", id));

    public Task<IReadOnlyList<DocumentRecord>> ListAsync(string tenant, string? collection = null, CancellationToken cancellationToken = default) =>
        collection is null
            ? QueryAsync("WHERE tenant = $tenant ORDER BY created_at DESC, id", cancellationToken, ("$tenant", tenant))
            : QueryAsync("WHERE tenant = $tenant AND collection = $collection ORDER BY created_at DESC, id", cancellationToken, ("$tenant", tenant), ("$collection", collection));

    public Task<IReadOnlyList<CollectionSummary>> ListCollectionsAsync(string tenant, CancellationToken cancellationToken = default) =>
        ListCollectionsAsync(tenant, accessGroups: null, cancellationToken);

    public async Task<IReadOnlyList<CollectionSummary>> ListCollectionsAsync(
        string tenant, IReadOnlyList<string>? accessGroups, CancellationToken cancellationToken = default)
    {
        var arguments = new List<SqlArgument> { SqlArgument.Text("tenant", tenant) };
        var readable = accessGroups is null ? "" : " AND " + DocumentPageSql.AccessFilter(SqlDialect.Sqlite, accessGroups, arguments);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT collection, COUNT(*), MIN(created_at) FROM documents WHERE tenant = $tenant{readable} GROUP BY collection ORDER BY collection;";
        SqliteDatabase.Bind(command, arguments);
        var result = new List<CollectionSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new CollectionSummary(reader.GetString(0), reader.GetInt32(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        }

        return result;
    }


    public Task<IReadOnlyList<DocumentRecord>> ListProcessingAtStepAsync(string step, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE status = 'processing' AND step = $step ORDER BY created_at, id LIMIT $limit", cancellationToken, ("$step", step), ("$limit", Math.Max(limit, 0)));

    public async Task UpdateProgressAsync(string id, DocumentProgress progress, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ProgressCommand(connection, id, progress);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private SqliteCommand ProgressCommand(SqliteConnection connection, string id, DocumentProgress progress)
    {
        var command = connection.CreateCommand();
        command.CommandText = ProgressStatement.Update(SqlDialect.Sqlite);
        SqliteDatabase.Bind(command, ProgressStatement.Arguments(id, progress, timeProvider.GetUtcNow()));
        return command;
    }

    public async Task RequeueAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE documents SET status = 'queued', step = NULL, error = NULL, progress_done = 0, progress_total = 0,
                attempts = 0, updated_at = $updated_at
            WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$updated_at", Now());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // The documents row goes last: changes() below counts that statement alone.
        command.CommandText = """
            DELETE FROM chunk_corrections WHERE document_id = (SELECT id FROM documents WHERE id = $id AND tenant = $tenant);
            DELETE FROM chunks WHERE document_id = (SELECT id FROM documents WHERE id = $id AND tenant = $tenant);
            DELETE FROM documents WHERE id = $id AND tenant = $tenant;
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$tenant", tenant);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT changes();";
        var deleted = Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<int> CountByHashAsync(string contentHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM documents WHERE content_hash = $hash;";
        command.Parameters.AddWithValue("$hash", contentHash);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteDatabase.OpenAsync(connectionString, cancellationToken);

    private async Task<DocumentRecord?> QuerySingleAsync(string where, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var rows = await QueryAsync(where, cancellationToken, parameters);
        return rows.Count > 0 ? rows[0] : null;
    }

    private async Task<IReadOnlyList<DocumentRecord>> QueryAsync(string where, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        await SqliteDatabase.QueryAsync(connectionString, $"SELECT {Columns} FROM documents {where};", Read, cancellationToken, parameters);

    private static DocumentRecord Read(SqliteDataReader reader) =>
        DocumentColumns.ReadDocument(reader, static (r, i) => DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture));

    private string Now() => SqliteDatabase.Time(timeProvider.GetUtcNow());
}
