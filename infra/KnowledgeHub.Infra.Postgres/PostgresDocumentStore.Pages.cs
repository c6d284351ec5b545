using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

public sealed partial class PostgresDocumentStore
{
    public Task<DocumentPage> ListPageAsync(string tenant, DocumentQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                var sql = DocumentPageSql.Build(SqlDialect.Postgres, tenant, query);
                int total;
                await using (var count = new NpgsqlCommand(sql.CountSql, connection))
                {
                    DocumentRows.Bind(count, sql.CountArguments);
                    total = (int)(await count.ExecuteScalarAsync(token))!;
                }

                var rows = await QueryAsync(connection, sql.PageClause, token, [.. sql.PageArguments.Select(DocumentRows.Parameter)]);
                return DocumentColumns.Page(rows, query.Limit, total);
            },
            cancellationToken);

    public Task<IReadOnlyList<DocumentRecord>> ListUnfinishedPageAsync(
        DateTimeOffset unchangedSince, DocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        var (clause, arguments) = BacklogSql.UnfinishedPage(SqlDialect.Postgres, unchangedSince, after, limit);
        return QueryAsync(clause, cancellationToken, [.. arguments.Select(DocumentRows.Parameter)]);
    }

    public Task<IngestionCounts> CountIngestionAsync(
        string tenant, DateTimeOffset endedFrom, DateTimeOffset rateFrom, CancellationToken cancellationToken = default) =>
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                var (sql, arguments) = BacklogSql.IngestionCounts(SqlDialect.Postgres, tenant, endedFrom, rateFrom);
                await using var command = new NpgsqlCommand(sql, connection);
                DocumentRows.Bind(command, arguments);
                await using var reader = await command.ExecuteReaderAsync(token);
                return await BacklogSql.ReadCountsAsync(reader, token);
            },
            cancellationToken);

    public Task<UploadReceipt?> FindUploadReceiptAsync(string tenant, string key, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        RunAsync(idempotent: true, (connection, token) => FindReceiptAsync(connection, tenant, key, notBefore, token), cancellationToken);

    public Task<UploadReceipt> AddUploadReceiptAsync(UploadReceipt receipt, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        // Repeating is harmless: a second insert of the same receipt leaves it as it is and reads it back.
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using (var upsert = new NpgsqlCommand(UploadReceiptStatements.Upsert(SqlDialect.Postgres), connection))
                {
                    DocumentRows.Bind(upsert, UploadReceiptStatements.UpsertArguments(receipt, notBefore));
                    await upsert.ExecuteNonQueryAsync(token);
                }

                return await FindReceiptAsync(connection, receipt.Tenant, receipt.Key, DateTimeOffset.MinValue, token)
                    ?? throw new InvalidOperationException("The upload receipt vanished right after insert.");
            },
            cancellationToken);

    private static async Task<UploadReceipt?> FindReceiptAsync(NpgsqlConnection connection, string tenant, string key, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UploadReceiptStatements.Find(SqlDialect.Postgres), connection);

        // The earliest time is out of timestamptz's range; the epoch is before every receipt just the same.
        var from = notBefore == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : notBefore;
        DocumentRows.Bind(command, UploadReceiptStatements.FindArguments(tenant, key, from));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? UploadReceiptStatements.Read(reader, static (r, i) => r.GetFieldValue<DateTimeOffset>(i))
            : null;
    }
}
