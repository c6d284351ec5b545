using System.Globalization;
using KnowledgeHub.Connectors;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

/// <summary>
/// Connectors, runs and items in the SQLite file of the documents (tables from migration 0009). Writes that must agree
/// with each other (an item and its count, a run's start) take the write lock first (BEGIN IMMEDIATE).
/// </summary>
public sealed class SqliteConnectorStore(string databasePath) : IConnectorStore
{
    /// <summary>Item errors kept per run: enough to act on, bounded for a source that fails everywhere.</summary>
    public const int MaxStoredErrors = 200;

    private const string ConnectorColumns = "id, tenant, name, kind, collection, settings, schedule, created_at";
    private const string RunColumns = "id, connector_id, tenant, status, added, updated, deleted, unchanged, failed, error, started_at, finished_at, owner, lease_until";

    private readonly string connectionString = SqliteDatabase.ConnectionString(databasePath);

    public async Task AddAsync(ConnectorRecord connector, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO connectors ({ConnectorColumns}) VALUES (@id, @tenant, @name, @kind, @collection, @settings, @schedule, @created_at);";
        command.Parameters.AddWithValue("@id", connector.Id);
        command.Parameters.AddWithValue("@tenant", connector.Tenant);
        command.Parameters.AddWithValue("@name", connector.Name);
        command.Parameters.AddWithValue("@kind", ConnectorKinds.Text(connector.Kind));
        command.Parameters.AddWithValue("@collection", connector.Collection);
        command.Parameters.AddWithValue("@settings", connector.Settings);
        command.Parameters.AddWithValue("@schedule", (object?)connector.Schedule ?? DBNull.Value);
        command.Parameters.AddWithValue("@created_at", SqliteDatabase.Time(connector.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ConnectorRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default) =>
        (await SqliteDatabase.QueryAsync(
            connectionString, $"SELECT {ConnectorColumns} FROM connectors WHERE tenant = @tenant AND id = @id;", ReadConnector, cancellationToken, ("@tenant", tenant), ("@id", id)))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ConnectorRecord>> ListAsync(string? tenant, CancellationToken cancellationToken = default) =>
        tenant is null
            ? await SqliteDatabase.QueryAsync(connectionString, $"SELECT {ConnectorColumns} FROM connectors ORDER BY created_at, id;", ReadConnector, cancellationToken)
            : await SqliteDatabase.QueryAsync(
                connectionString, $"SELECT {ConnectorColumns} FROM connectors WHERE tenant = @tenant ORDER BY created_at, id;", ReadConnector, cancellationToken, ("@tenant", tenant));

    public async Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // Foreign keys are not enforced in this file, so the cascade is spelled out.
        command.CommandText = """
            DELETE FROM connector_run_errors WHERE run_id IN (SELECT r.id FROM connector_runs r JOIN connectors c ON c.id = r.connector_id WHERE c.id = @id AND c.tenant = @tenant);
            DELETE FROM connector_runs WHERE connector_id IN (SELECT id FROM connectors WHERE id = @id AND tenant = @tenant);
            DELETE FROM connector_items WHERE connector_id IN (SELECT id FROM connectors WHERE id = @id AND tenant = @tenant);
            DELETE FROM connectors WHERE id = @id AND tenant = @tenant;
            """;
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@tenant", tenant);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var changes = connection.CreateCommand();
        changes.Transaction = transaction;
        changes.CommandText = "SELECT changes();";
        var deleted = Convert.ToInt64(await changes.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<(ConnectorRun Run, bool Created)> StartRunAsync(ConnectorRun run, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;

        // The unique index on running runs turns a second start into no insert; the running run is then read back.
        insert.CommandText = $"""
            INSERT INTO connector_runs ({RunColumns})
            VALUES (@id, @connector_id, @tenant, 'running', 0, 0, 0, 0, 0, NULL, @started_at, NULL, @owner, @lease_until)
            ON CONFLICT DO NOTHING;
            """;
        insert.Parameters.AddWithValue("@id", run.Id);
        insert.Parameters.AddWithValue("@connector_id", run.ConnectorId);
        insert.Parameters.AddWithValue("@tenant", run.Tenant);
        insert.Parameters.AddWithValue("@started_at", SqliteDatabase.Time(run.StartedAt));
        insert.Parameters.AddWithValue("@owner", (object?)run.Owner ?? DBNull.Value);
        insert.Parameters.AddWithValue("@lease_until", run.LeaseUntil is { } until ? SqliteDatabase.Time(until) : DBNull.Value);
        var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;

        await using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = $"SELECT {RunColumns} FROM connector_runs WHERE connector_id = @connector_id AND status = 'running';";
        query.Parameters.AddWithValue("@connector_id", run.ConnectorId);
        ConnectorRun running;
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            running = await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : throw new InvalidOperationException($"Connector {run.ConnectorId} has no running run after its start.");
        }

        await transaction.CommitAsync(cancellationToken);
        return (running, created);
    }

    public async Task<bool> TryLeaseAsync(string runId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            """
            UPDATE connector_runs SET owner = @owner, lease_until = @until
            WHERE id = @id AND status = 'running' AND (owner IS NULL OR owner = @owner OR lease_until IS NULL OR lease_until < @now);
            """,
            cancellationToken,
            ("@id", runId),
            ("@owner", owner),
            ("@now", SqliteDatabase.Time(now)),
            ("@until", SqliteDatabase.Time(until))) == 1;

    public async Task<bool> FinishRunAsync(string runId, string owner, ConnectorRunStatus status, string? error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            """
            UPDATE connector_runs SET status = @status, error = @error, finished_at = @finished_at, lease_until = NULL
            WHERE id = @id AND status = 'running' AND owner = @owner;
            """,
            cancellationToken,
            ("@id", runId),
            ("@owner", owner),
            ("@status", ConnectorKinds.Text(status)),
            ("@error", (object?)error ?? DBNull.Value),
            ("@finished_at", SqliteDatabase.Time(finishedAt))) == 1;

    public async Task<ConnectorRun?> GetRunAsync(string tenant, string runId, CancellationToken cancellationToken = default) =>
        (await SqliteDatabase.QueryAsync(
            connectionString, $"SELECT {RunColumns} FROM connector_runs WHERE tenant = @tenant AND id = @id;", ReadRun, cancellationToken, ("@tenant", tenant), ("@id", runId)))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ConnectorRun>> ListRunsAsync(string tenant, string connectorId, int limit, CancellationToken cancellationToken = default) =>
        await SqliteDatabase.QueryAsync(
            connectionString,
            $"SELECT {RunColumns} FROM connector_runs WHERE tenant = @tenant AND connector_id = @connector_id ORDER BY started_at DESC, id DESC LIMIT @limit;",
            ReadRun,
            cancellationToken,
            ("@tenant", tenant),
            ("@connector_id", connectorId),
            ("@limit", limit));

    public async Task<IReadOnlyList<ConnectorRun>> ListRunningAsync(CancellationToken cancellationToken = default) =>
        await SqliteDatabase.QueryAsync(connectionString, $"SELECT {RunColumns} FROM connector_runs WHERE status = 'running' ORDER BY started_at;", ReadRun, cancellationToken);

    public async Task<IReadOnlyDictionary<string, ConnectorItem>> ListItemsAsync(string connectorId, CancellationToken cancellationToken = default) =>
        (await SqliteDatabase.QueryAsync(
            connectionString,
            "SELECT connector_id, uri, token, document_id, state, seen_run_id FROM connector_items WHERE connector_id = @connector_id;",
            ReadItem,
            cancellationToken,
            ("@connector_id", connectorId)))
        .ToDictionary(i => i.Uri, StringComparer.Ordinal);

    public async Task RecordAsync(string runId, ConnectorItem? item, ItemOutcome outcome, ConnectorItemError? error, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (item is not null)
        {
            command.CommandText = """
                INSERT INTO connector_items (connector_id, uri, token, document_id, state, seen_run_id)
                VALUES (@connector_id, @uri, @token, @document_id, @state, @seen_run_id)
                ON CONFLICT (connector_id, uri) DO UPDATE SET
                    token = excluded.token, document_id = excluded.document_id, state = excluded.state, seen_run_id = excluded.seen_run_id;
                """;
            command.Parameters.AddWithValue("@connector_id", item.ConnectorId);
            command.Parameters.AddWithValue("@uri", item.Uri);
            command.Parameters.AddWithValue("@token", item.Token);
            command.Parameters.AddWithValue("@document_id", item.DocumentId);
            command.Parameters.AddWithValue("@state", (object?)item.State ?? DBNull.Value);
            command.Parameters.AddWithValue("@seen_run_id", item.SeenRunId);
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.Parameters.Clear();
        }

        command.CommandText = $"UPDATE connector_runs SET {ConnectorKinds.CountColumn(outcome)} = {ConnectorKinds.CountColumn(outcome)} + 1 WHERE id = @run;";
        command.Parameters.AddWithValue("@run", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);

        if (error is not null)
        {
            command.CommandText = """
                INSERT INTO connector_run_errors (run_id, seq, uri, error, at)
                SELECT @run, COALESCE(MAX(seq), 0) + 1, @uri, @error, @at FROM connector_run_errors WHERE run_id = @run HAVING COUNT(*) < @max;
                """;
            command.Parameters.AddWithValue("@uri", error.Uri);
            command.Parameters.AddWithValue("@error", error.Error);
            command.Parameters.AddWithValue("@at", SqliteDatabase.Time(error.At));
            command.Parameters.AddWithValue("@max", MaxStoredErrors);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task MarkUnchangedAsync(string runId, string connectorId, IReadOnlyCollection<string> uris, CancellationToken cancellationToken = default)
    {
        if (uris.Count == 0)
        {
            return;
        }

        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var mark = connection.CreateCommand();
        mark.Transaction = transaction;
        mark.CommandText = "UPDATE connector_items SET seen_run_id = @run WHERE connector_id = @connector_id AND uri = @uri AND seen_run_id <> @run;";
        mark.Parameters.AddWithValue("@run", runId);
        mark.Parameters.AddWithValue("@connector_id", connectorId);
        var uri = mark.Parameters.Add("@uri", SqliteType.Text);
        var marked = 0;
        foreach (var value in uris)
        {
            uri.Value = value;
            marked += await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "UPDATE connector_runs SET unchanged = unchanged + @marked WHERE id = @run;";
        count.Parameters.AddWithValue("@marked", marked);
        count.Parameters.AddWithValue("@run", runId);
        await count.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task RemoveItemAsync(string runId, string connectorId, string uri, CancellationToken cancellationToken = default)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM connector_items WHERE connector_id = @connector_id AND uri = @uri;";
        command.Parameters.AddWithValue("@connector_id", connectorId);
        command.Parameters.AddWithValue("@uri", uri);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            command.CommandText = "UPDATE connector_runs SET deleted = deleted + 1 WHERE id = @run;";
            command.Parameters.AddWithValue("@run", runId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> CountItemsForDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        (await SqliteDatabase.QueryAsync(
            connectionString, "SELECT COUNT(*) FROM connector_items WHERE document_id = @document_id;", r => r.GetInt32(0), cancellationToken, ("@document_id", documentId)))
        .Single();

    public async Task<ConnectorItem?> FindItemByDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        (await SqliteDatabase.QueryAsync(
            connectionString,
            "SELECT connector_id, uri, token, document_id, state, seen_run_id FROM connector_items WHERE document_id = @document_id ORDER BY connector_id, uri LIMIT 1;",
            ReadItem,
            cancellationToken,
            ("@document_id", documentId)))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ConnectorItemError>> ListErrorsAsync(string runId, int limit, CancellationToken cancellationToken = default) =>
        await SqliteDatabase.QueryAsync(
            connectionString,
            "SELECT run_id, uri, error, at FROM connector_run_errors WHERE run_id = @run ORDER BY seq LIMIT @limit;",
            r => new ConnectorItemError(r.GetString(0), r.GetString(1), r.GetString(2), SqliteDatabase.ReadTime(r, 3)),
            cancellationToken,
            ("@run", runId),
            ("@limit", limit));

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await SqliteDatabase.OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ConnectorRecord ReadConnector(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Tenant = r.GetString(1),
        Name = r.GetString(2),
        Kind = ConnectorKinds.Parse(r.GetString(3)),
        Collection = r.GetString(4),
        Settings = r.GetString(5),
        Schedule = r.IsDBNull(6) ? null : r.GetString(6),
        CreatedAt = SqliteDatabase.ReadTime(r, 7),
    };

    private static ConnectorRun ReadRun(SqliteDataReader r) => new()
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
        StartedAt = SqliteDatabase.ReadTime(r, 10),
        FinishedAt = r.IsDBNull(11) ? null : SqliteDatabase.ReadTime(r, 11),
        Owner = r.IsDBNull(12) ? null : r.GetString(12),
        LeaseUntil = r.IsDBNull(13) ? null : SqliteDatabase.ReadTime(r, 13),
    };

    private static ConnectorItem ReadItem(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5));
}
