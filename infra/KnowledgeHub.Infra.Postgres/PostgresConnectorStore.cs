using KnowledgeHub.Connectors;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>
/// Connectors, runs and items in PostgreSQL, in the database of the documents (tables from migration 0009, applied by
/// <see cref="PostgresDocumentStore.InitializeAsync"/>). The unique index on running runs makes a start atomic across
/// replicas; an item and its count are written in one transaction.
/// </summary>
public sealed class PostgresConnectorStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<PostgresConnectorStore> logger) : IConnectorStore
{
    /// <summary>Item errors kept per run: enough to act on, bounded for a source that fails everywhere.</summary>
    public const int MaxStoredErrors = 200;

    private const string ConnectorColumns = "id, tenant, name, kind, collection, settings, schedule, created_at";
    private const string RunColumns = "id, connector_id, tenant, status, added, updated, deleted, unchanged, failed, error, started_at, finished_at, owner, lease_until";
    private const string ItemColumns = "connector_id, uri, token, document_id, state, seen_run_id";

    private readonly TransientRetry retry = new(logger, timeProvider);

    public Task AddAsync(ConnectorRecord connector, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            idempotent: false,
            $"INSERT INTO connectors ({ConnectorColumns}) VALUES (@id, @tenant, @name, @kind, @collection, @settings, @schedule, @created_at);",
            cancellationToken,
            DocumentRows.Text("id", connector.Id),
            DocumentRows.Text("tenant", connector.Tenant),
            DocumentRows.Text("name", connector.Name),
            DocumentRows.Text("kind", ConnectorKinds.Text(connector.Kind)),
            DocumentRows.Text("collection", connector.Collection),
            DocumentRows.Text("settings", connector.Settings),
            DocumentRows.Text("schedule", connector.Schedule),
            DocumentRows.Timestamp("created_at", connector.CreatedAt));

    public async Task<ConnectorRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ConnectorColumns} FROM connectors WHERE tenant = @tenant AND id = @id;", ReadConnector, cancellationToken, DocumentRows.Text("tenant", tenant), DocumentRows.Text("id", id)))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ConnectorRecord>> ListAsync(string? tenant, CancellationToken cancellationToken = default) =>
        await QueryAsync(
            $"SELECT {ConnectorColumns} FROM connectors WHERE (@tenant::text IS NULL OR tenant = @tenant) ORDER BY created_at, id;",
            ReadConnector,
            cancellationToken,
            DocumentRows.Text("tenant", tenant));

    public async Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        // Runs, errors and items go with the connector (ON DELETE CASCADE).
        await ExecuteAsync(idempotent: true, "DELETE FROM connectors WHERE tenant = @tenant AND id = @id;", cancellationToken, DocumentRows.Text("tenant", tenant), DocumentRows.Text("id", id)) == 1;

    public Task<(ConnectorRun Run, bool Created)> StartRunAsync(ConnectorRun run, CancellationToken cancellationToken = default) =>
        retry.RunAsync(
            dataSource,
            idempotent: true,
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                await using var insert = new NpgsqlCommand(
                    $"""
                    INSERT INTO connector_runs ({RunColumns})
                    VALUES (@id, @connector_id, @tenant, 'running', 0, 0, 0, 0, 0, NULL, @started_at, NULL, @owner, @lease_until)
                    ON CONFLICT DO NOTHING;
                    """,
                    connection,
                    transaction);
                insert.Parameters.Add(DocumentRows.Text("id", run.Id));
                insert.Parameters.Add(DocumentRows.Text("connector_id", run.ConnectorId));
                insert.Parameters.Add(DocumentRows.Text("tenant", run.Tenant));
                insert.Parameters.Add(DocumentRows.Timestamp("started_at", run.StartedAt));
                insert.Parameters.Add(DocumentRows.Text("owner", run.Owner));
                insert.Parameters.Add(new NpgsqlParameter("lease_until", NpgsqlDbType.TimestampTz) { Value = run.LeaseUntil is { } until ? until.ToUniversalTime() : DBNull.Value });
                var created = await insert.ExecuteNonQueryAsync(token) == 1;

                await using var query = new NpgsqlCommand($"SELECT {RunColumns} FROM connector_runs WHERE connector_id = @connector_id AND status = 'running';", connection, transaction);
                query.Parameters.Add(DocumentRows.Text("connector_id", run.ConnectorId));
                ConnectorRun running;
                await using (var reader = await query.ExecuteReaderAsync(token))
                {
                    running = await reader.ReadAsync(token) ? ReadRun(reader) : throw new InvalidOperationException($"Connector {run.ConnectorId} has no running run after its start.");
                }

                await transaction.CommitAsync(token);

                // A repeat after an unknown outcome finds its own insert: that is still the run this call created.
                return (running, created || running.Id == run.Id);
            },
            cancellationToken);

    public async Task<bool> TryLeaseAsync(string runId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            idempotent: true,
            """
            UPDATE connector_runs SET owner = @owner, lease_until = @until
            WHERE id = @id AND status = 'running' AND (owner IS NULL OR owner = @owner OR lease_until IS NULL OR lease_until < @now);
            """,
            cancellationToken,
            DocumentRows.Text("id", runId),
            DocumentRows.Text("owner", owner),
            DocumentRows.Timestamp("now", now),
            DocumentRows.Timestamp("until", until)) == 1;

    public async Task<bool> FinishRunAsync(string runId, string owner, ConnectorRunStatus status, string? error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            idempotent: false,
            """
            UPDATE connector_runs SET status = @status, error = @error, finished_at = @finished_at, lease_until = NULL
            WHERE id = @id AND status = 'running' AND owner = @owner;
            """,
            cancellationToken,
            DocumentRows.Text("id", runId),
            DocumentRows.Text("owner", owner),
            DocumentRows.Text("status", ConnectorKinds.Text(status)),
            DocumentRows.Text("error", error),
            DocumentRows.Timestamp("finished_at", finishedAt)) == 1;

    public async Task<ConnectorRun?> GetRunAsync(string tenant, string runId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {RunColumns} FROM connector_runs WHERE tenant = @tenant AND id = @id;", ReadRun, cancellationToken, DocumentRows.Text("tenant", tenant), DocumentRows.Text("id", runId)))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ConnectorRun>> ListRunsAsync(string tenant, string connectorId, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync(
            $"SELECT {RunColumns} FROM connector_runs WHERE tenant = @tenant AND connector_id = @connector_id ORDER BY started_at DESC, id DESC LIMIT @limit;",
            ReadRun,
            cancellationToken,
            DocumentRows.Text("tenant", tenant),
            DocumentRows.Text("connector_id", connectorId),
            DocumentRows.Integer("limit", limit));

    public async Task<IReadOnlyList<ConnectorRun>> ListRunningAsync(CancellationToken cancellationToken = default) =>
        await QueryAsync($"SELECT {RunColumns} FROM connector_runs WHERE status = 'running' ORDER BY started_at;", ReadRun, cancellationToken);

    public async Task<IReadOnlyDictionary<string, ConnectorItem>> ListItemsAsync(string connectorId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {ItemColumns} FROM connector_items WHERE connector_id = @connector_id;", ReadItem, cancellationToken, DocumentRows.Text("connector_id", connectorId)))
        .ToDictionary(i => i.Uri, StringComparer.Ordinal);

    public Task RecordAsync(string runId, ConnectorItem? item, ItemOutcome outcome, ConnectorItemError? error, CancellationToken cancellationToken = default) =>
        // Not repeated after an unknown outcome: the count would be added twice.
        retry.RunAsync(
            dataSource,
            idempotent: false,
            async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch)
                {
                    if (item is not null)
                    {
                        var upsert = new NpgsqlBatchCommand(
                            $"""
                            INSERT INTO connector_items ({ItemColumns}) VALUES (@connector_id, @uri, @token, @document_id, @state, @seen_run_id)
                            ON CONFLICT (connector_id, uri) DO UPDATE SET
                                token = excluded.token, document_id = excluded.document_id, state = excluded.state, seen_run_id = excluded.seen_run_id;
                            """);
                        upsert.Parameters.Add(DocumentRows.Text("connector_id", item.ConnectorId));
                        upsert.Parameters.Add(DocumentRows.Text("uri", item.Uri));
                        upsert.Parameters.Add(DocumentRows.Text("token", item.Token));
                        upsert.Parameters.Add(DocumentRows.Text("document_id", item.DocumentId));
                        upsert.Parameters.Add(DocumentRows.Text("state", item.State));
                        upsert.Parameters.Add(DocumentRows.Text("seen_run_id", item.SeenRunId));
                        batch.BatchCommands.Add(upsert);
                    }

                    var column = ConnectorKinds.CountColumn(outcome);
                    var count = new NpgsqlBatchCommand($"UPDATE connector_runs SET {column} = {column} + 1 WHERE id = @run;");
                    count.Parameters.Add(DocumentRows.Text("run", runId));
                    batch.BatchCommands.Add(count);
                    if (error is not null)
                    {
                        var insert = new NpgsqlBatchCommand(
                            """
                            INSERT INTO connector_run_errors (run_id, seq, uri, error, at)
                            SELECT @run, COALESCE(MAX(seq), 0) + 1, @uri, @error, @at FROM connector_run_errors WHERE run_id = @run HAVING COUNT(*) < @max;
                            """);
                        insert.Parameters.Add(DocumentRows.Text("run", runId));
                        insert.Parameters.Add(DocumentRows.Text("uri", error.Uri));
                        insert.Parameters.Add(DocumentRows.Text("error", error.Error));
                        insert.Parameters.Add(DocumentRows.Timestamp("at", error.At));
                        insert.Parameters.Add(DocumentRows.Integer("max", MaxStoredErrors));
                        batch.BatchCommands.Add(insert);
                    }

                    await batch.ExecuteNonQueryAsync(token);
                }

                await transaction.CommitAsync(token);
                return 0;
            },
            cancellationToken);

    public Task MarkUnchangedAsync(string runId, string connectorId, IReadOnlyCollection<string> uris, CancellationToken cancellationToken = default) =>
        uris.Count == 0
            ? Task.CompletedTask
            : ExecuteAsync(
                // Idempotent: items already marked by this run are not counted again.
                idempotent: true,
                """
                WITH marked AS (
                    UPDATE connector_items SET seen_run_id = @run
                    WHERE connector_id = @connector_id AND uri = ANY(@uris) AND seen_run_id <> @run
                    RETURNING 1)
                UPDATE connector_runs SET unchanged = unchanged + (SELECT COUNT(*) FROM marked) WHERE id = @run;
                """,
                cancellationToken,
                DocumentRows.Text("run", runId),
                DocumentRows.Text("connector_id", connectorId),
                new NpgsqlParameter("uris", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = uris.ToArray() });

    public Task RemoveItemAsync(string runId, string connectorId, string uri, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            idempotent: true,
            """
            WITH removed AS (DELETE FROM connector_items WHERE connector_id = @connector_id AND uri = @uri RETURNING 1)
            UPDATE connector_runs SET deleted = deleted + (SELECT COUNT(*) FROM removed) WHERE id = @run;
            """,
            cancellationToken,
            DocumentRows.Text("run", runId),
            DocumentRows.Text("connector_id", connectorId),
            DocumentRows.Text("uri", uri));

    public async Task<int> CountItemsForDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        (int)(await QueryAsync("SELECT COUNT(*) FROM connector_items WHERE document_id = @document_id;", r => r.GetInt64(0), cancellationToken, DocumentRows.Text("document_id", documentId)))
        .Single();

    public async Task<ConnectorItem?> FindItemByDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(
            $"SELECT {ItemColumns} FROM connector_items WHERE document_id = @document_id ORDER BY connector_id, uri LIMIT 1;", ReadItem, cancellationToken, DocumentRows.Text("document_id", documentId)))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ConnectorItemError>> ListErrorsAsync(string runId, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync(
            "SELECT run_id, uri, error, at FROM connector_run_errors WHERE run_id = @run ORDER BY seq LIMIT @limit;",
            r => new ConnectorItemError(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken,
            DocumentRows.Text("run", runId),
            DocumentRows.Integer("limit", limit));

    private Task<int> ExecuteAsync(bool idempotent, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        retry.RunAsync(
            dataSource,
            idempotent,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

    private Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        retry.RunAsync(
            dataSource,
            idempotent: true,
            async (connection, token) =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
                var result = new List<T>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    result.Add(read(reader));
                }

                return result;
            },
            cancellationToken);

    private static ConnectorRecord ReadConnector(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Tenant = r.GetString(1),
        Name = r.GetString(2),
        Kind = ConnectorKinds.Parse(r.GetString(3)),
        Collection = r.GetString(4),
        Settings = r.GetString(5),
        Schedule = r.IsDBNull(6) ? null : r.GetString(6),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(7),
    };

    private static ConnectorRun ReadRun(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        ConnectorId = r.GetString(1),
        Tenant = r.GetString(2),
        Status = ConnectorKinds.ParseStatus(r.GetString(3)),
        Added = r.GetInt32(4),
        Updated = r.GetInt32(5),
        Deleted = r.GetInt32(6),
        Unchanged = r.GetInt32(7),
        Failed = r.GetInt32(8),
        Error = r.IsDBNull(9) ? null : r.GetString(9),
        StartedAt = r.GetFieldValue<DateTimeOffset>(10),
        FinishedAt = r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        Owner = r.IsDBNull(12) ? null : r.GetString(12),
        LeaseUntil = r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13),
    };

    private static ConnectorItem ReadItem(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5));
}
