using System.Globalization;
using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

public sealed partial class SqliteDocumentStore
{
    public async Task<DocumentPage> ListPageAsync(string tenant, DocumentQuery query, CancellationToken cancellationToken = default)
    {
        var sql = DocumentPageSql.Build(SqlDialect.Sqlite, tenant, query);
        await using var connection = await OpenAsync(cancellationToken);
        int total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = sql.CountSql;
            SqliteDatabase.Bind(count, sql.CountArguments);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var rows = await QueryAsync(sql.PageClause, cancellationToken, [.. sql.PageArguments.Select(SqliteDatabase.Argument)]);
        return DocumentColumns.Page(rows, query.Limit, total);
    }

    public Task<IReadOnlyList<DocumentRecord>> ListUnfinishedPageAsync(
        DateTimeOffset unchangedSince, DocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        // Left to itself SQLite picks the older single-column status index and sorts every unfinished row for each
        // page; the partial index (0013) is already in (created_at, id) order and seeks to the cursor.
        var (clause, arguments) = BacklogSql.UnfinishedPage(SqlDialect.Sqlite, unchangedSince, after, limit, "INDEXED BY ix_documents_unfinished ");
        return QueryAsync(clause, cancellationToken, [.. arguments.Select(SqliteDatabase.Argument)]);
    }

    public async Task<IngestionCounts> CountIngestionAsync(
        string tenant, DateTimeOffset endedFrom, DateTimeOffset rateFrom, CancellationToken cancellationToken = default)
    {
        var (sql, arguments) = BacklogSql.IngestionCounts(SqlDialect.Sqlite, tenant, endedFrom, rateFrom);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        SqliteDatabase.Bind(command, arguments);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await BacklogSql.ReadCountsAsync(reader, cancellationToken);
    }

    public async Task<UploadReceipt?> FindUploadReceiptAsync(string tenant, string key, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await FindReceiptAsync(connection, null, tenant, key, notBefore, cancellationToken);
    }

    public async Task<UploadReceipt> AddUploadReceiptAsync(UploadReceipt receipt, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = UploadReceiptStatements.Upsert(SqlDialect.Sqlite);
            SqliteDatabase.Bind(upsert, UploadReceiptStatements.UpsertArguments(receipt, notBefore));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        var stored = await FindReceiptAsync(connection, transaction, receipt.Tenant, receipt.Key, DateTimeOffset.MinValue, cancellationToken)
            ?? throw new InvalidOperationException("The upload receipt vanished right after insert.");
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    private static async Task<UploadReceipt?> FindReceiptAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string tenant, string key, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UploadReceiptStatements.Find(SqlDialect.Sqlite);
        SqliteDatabase.Bind(command, UploadReceiptStatements.FindArguments(tenant, key, notBefore));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? UploadReceiptStatements.Read(reader, SqliteDatabase.ReadTime)
            : null;
    }
}
