using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>
/// Documents, status and chunks in PostgreSQL (the server deployment), with the semantics of the SQLite store.
/// The data source belongs to the caller, which disposes it.
/// </summary>
public sealed partial class PostgresDocumentStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<PostgresDocumentStore> logger)
    : IDocumentStore, IEmbeddingCache, IUploadReceiptStore
{
    private static readonly Lazy<IReadOnlyList<Migration>> Migrations = new(Migration.LoadEmbedded);

    private readonly TransientRetry retry = new(logger, timeProvider);

    /// <summary>Applies pending migrations; replicas starting together serialize on an advisory lock.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            (connection, token) => SchemaMigrator.MigrateAsync(connection, Migrations.Value, logger, token),
            cancellationToken);

    public Task<(DocumentRecord Document, bool Created)> AddIfAbsentAsync(DocumentRecord document, CancellationToken cancellationToken = default) =>
        // Not repeated after an unknown outcome: a lost acknowledgement would turn "created" into "already there".
        RunAsync(
            idempotent: false,
            async (connection, token) =>
            {
                await using (var insert = new NpgsqlCommand(
                    $"INSERT INTO documents ({DocumentRows.Columns}) VALUES ({DocumentRows.Parameters}) ON CONFLICT (id) DO NOTHING RETURNING {DocumentRows.Columns};",
                    connection))
                {
                    DocumentRows.Bind(insert, DocumentColumns.DocumentArguments(document));
                    var inserted = await ReadAllAsync(insert, token);
                    if (inserted.Count == 1)
                    {
                        return (inserted[0], true);
                    }
                }

                // A separate statement on purpose: under READ COMMITTED it sees a row that a concurrent insert
                // committed after the INSERT's snapshot, which a SELECT inside the INSERT statement would not.
                var existing = await QueryAsync(connection, "WHERE id = @id", token, DocumentRows.Text("id", document.Id));
                return existing.Count == 1
                    ? (existing[0], false)
                    : throw new InvalidOperationException($"Document {document.Id} vanished right after insert.");
            },
            cancellationToken);

    public async Task<DocumentRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE id = @id AND tenant = @tenant", cancellationToken, DocumentRows.Text("id", id), DocumentRows.Text("tenant", tenant)))
        .SingleOrDefault();

    public async Task<DocumentRecord?> FindByContentAsync(string tenant, string collection, string contentHash, CancellationToken cancellationToken = default) =>
        (await QueryAsync(
            "WHERE tenant = @tenant AND collection = @collection AND content_hash = @hash ORDER BY created_at, id LIMIT 1",
            cancellationToken,
            DocumentRows.Text("tenant", tenant),
            DocumentRows.Text("collection", collection),
            DocumentRows.Text("hash", contentHash)))
        .SingleOrDefault();

    public Task<DocumentRecord?> AddVersionAsync(string tenant, string id, NewVersion content, CancellationToken cancellationToken = default) =>
        // Not repeated after an unknown outcome: a repeat would skip a version number.
        RunAsync(
            idempotent: false,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    $"""
                    UPDATE documents SET version = version + 1, file_name = @file_name, content_hash = @content_hash,
                        size_bytes = @size_bytes, content_type = @content_type, status = 'queued', step = NULL, error = NULL,
                        progress_done = 0, progress_total = 0, attempts = 0, updated_at = @updated_at, tags = COALESCE(@tags, tags),
                        access_groups = COALESCE(@access_groups, access_groups), metadata = COALESCE(@metadata, metadata)
                    WHERE id = @id AND tenant = @tenant
                    RETURNING {DocumentRows.Columns};
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("id", id));
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                command.Parameters.Add(DocumentRows.Text("file_name", content.FileName));
                command.Parameters.Add(DocumentRows.Text("content_hash", content.ContentHash));
                command.Parameters.Add(new NpgsqlParameter<long>("size_bytes", content.SizeBytes));
                command.Parameters.Add(DocumentRows.Text("content_type", content.ContentType));
                command.Parameters.Add(DocumentRows.Timestamp("updated_at", timeProvider.GetUtcNow()));
                command.Parameters.Add(DocumentRows.Text("tags", content.Tags is null ? null : DocumentColumns.TagsJson(content.Tags) ?? "[]"));
                command.Parameters.Add(DocumentRows.Text("access_groups", content.AccessGroups is null ? null : DocumentColumns.TagsJson(content.AccessGroups) ?? "[]"));
                command.Parameters.Add(DocumentRows.Text("metadata", DocumentColumns.MetadataChange(content.Metadata)));
                var rows = await ReadAllAsync(command, token);
                return rows.Count == 1 ? rows[0] : null;
            },
            cancellationToken);

    public Task<DocumentRecord?> UpdateAttributesAsync(string tenant, string id, DocumentChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    $"""
                    UPDATE documents SET access_groups = COALESCE(@access_groups, access_groups), metadata = COALESCE(@metadata, metadata)
                    WHERE id = @id AND tenant = @tenant
                    RETURNING {DocumentRows.Columns};
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("id", id));
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                command.Parameters.Add(DocumentRows.Text("access_groups", changes.AccessGroups is null ? null : DocumentColumns.TagsJson(changes.AccessGroups) ?? "[]"));
                command.Parameters.Add(DocumentRows.Text("metadata", DocumentColumns.MetadataChange(changes.Metadata)));
                var rows = await ReadAllAsync(command, token);
                return rows.Count == 1 ? rows[0] : null;
            },
            cancellationToken);
    }

    public async Task<DocumentRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE id = @id", cancellationToken, DocumentRows.Text("id", id))).SingleOrDefault();

    public Task<IReadOnlyList<DocumentRecord>> ListAsync(string tenant, string? collection = null, CancellationToken cancellationToken = default) =>
        collection is null
            ? QueryAsync("WHERE tenant = @tenant ORDER BY created_at DESC, id", cancellationToken, DocumentRows.Text("tenant", tenant))
            : QueryAsync(
                "WHERE tenant = @tenant AND collection = @collection ORDER BY created_at DESC, id",
                cancellationToken,
                DocumentRows.Text("tenant", tenant),
                DocumentRows.Text("collection", collection));


    public Task<IReadOnlyList<DocumentRecord>> ListProcessingAtStepAsync(string step, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(
            "WHERE status = 'processing' AND step = @step ORDER BY created_at, id LIMIT @limit",
            cancellationToken,
            DocumentRows.Text("step", step),
            DocumentRows.Integer("limit", Math.Max(limit, 0)));

    public Task UpdateProgressAsync(string id, DocumentProgress progress, CancellationToken cancellationToken = default) =>
        // Without an attempt increment the update sets absolute values, so repeating it is harmless.
        RunAsync(
            idempotent: !progress.IncrementAttempts,
            async (connection, token) =>
            {
                await using var command = ProgressCommand(connection, null, id, progress);
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

    private NpgsqlCommand ProgressCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, DocumentProgress progress)
    {
        var command = new NpgsqlCommand(ProgressStatement.Update(SqlDialect.Postgres), connection, transaction);
        DocumentRows.Bind(command, ProgressStatement.Arguments(id, progress, timeProvider.GetUtcNow()));
        return command;
    }

    public Task RequeueAsync(string id, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            idempotent: true,
            """
            UPDATE documents SET status = 'queued', step = NULL, error = NULL, progress_done = 0, progress_total = 0,
                attempts = 0, updated_at = @updated_at
            WHERE id = @id;
            """,
            cancellationToken,
            DocumentRows.Text("id", id),
            DocumentRows.Timestamp("updated_at", timeProvider.GetUtcNow()));

    public Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        // One statement, so the row and its chunks go together. Not repeated after an unknown outcome: a repeat
        // would find nothing and report false for a document it did delete.
        RunAsync(
            idempotent: false,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    WITH deleted AS (DELETE FROM documents WHERE id = @id AND tenant = @tenant RETURNING id),
                         deleted_chunks AS (DELETE FROM chunks WHERE document_id IN (SELECT id FROM deleted)),
                         deleted_corrections AS (DELETE FROM chunk_corrections WHERE document_id IN (SELECT id FROM deleted))
                    SELECT COUNT(*) FROM deleted;
                    """,
                    connection);
                command.Parameters.Add(DocumentRows.Text("id", id));
                command.Parameters.Add(DocumentRows.Text("tenant", tenant));
                return (long)(await command.ExecuteScalarAsync(token))! > 0;
            },
            cancellationToken);

    public Task<int> CountByHashAsync(string contentHash, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand("SELECT COUNT(*)::integer FROM documents WHERE content_hash = @hash;", connection);
                command.Parameters.Add(DocumentRows.Text("hash", contentHash));
                return (int)(await command.ExecuteScalarAsync(token))!;
            },
            cancellationToken);

    private Task<T> RunAsync<T>(bool idempotent, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        retry.RunAsync(dataSource, idempotent, work, cancellationToken);

    private Task<int> ExecuteAsync(bool idempotent, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        RunAsync(
            idempotent,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddRange(parameters);
                try
                {
                    return await command.ExecuteNonQueryAsync(token);
                }
                finally
                {
                    // A repeated attempt builds a new command, and a parameter belongs to one command at a time.
                    command.Parameters.Clear();
                }
            },
            cancellationToken);

    private Task<IReadOnlyList<DocumentRecord>> QueryAsync(string where, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        RunAsync(idempotent: true, (connection, token) => QueryAsync(connection, where, token, parameters), cancellationToken);

    private static async Task<IReadOnlyList<DocumentRecord>> QueryAsync(
        NpgsqlConnection connection, string where, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand($"SELECT {DocumentRows.Columns} FROM documents {where};", connection);
        command.Parameters.AddRange(parameters);
        try
        {
            return await ReadAllAsync(command, cancellationToken);
        }
        finally
        {
            command.Parameters.Clear();
        }
    }

    private static async Task<IReadOnlyList<DocumentRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<DocumentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(DocumentRows.Read(reader));
        }

        return result;
    }
}
