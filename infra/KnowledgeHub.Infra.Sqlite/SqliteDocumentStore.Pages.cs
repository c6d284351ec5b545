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
            upsert.CommandText = """
                INSERT INTO upload_receipts (tenant, key, fingerprint, document_id, status_code, response_body, created_at)
                VALUES ($tenant, $key, $fingerprint, $document_id, $status_code, $response_body, $created_at)
                ON CONFLICT (tenant, key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, document_id = excluded.document_id, status_code = excluded.status_code,
                    response_body = excluded.response_body, created_at = excluded.created_at
                WHERE upload_receipts.created_at < $not_before;
                """;
            upsert.Parameters.AddWithValue("$tenant", receipt.Tenant);
            upsert.Parameters.AddWithValue("$key", receipt.Key);
            upsert.Parameters.AddWithValue("$fingerprint", receipt.Fingerprint);
            upsert.Parameters.AddWithValue("$document_id", receipt.DocumentId);
            upsert.Parameters.AddWithValue("$status_code", receipt.StatusCode);
            upsert.Parameters.AddWithValue("$response_body", receipt.ResponseBody);
            upsert.Parameters.AddWithValue("$created_at", SqliteDatabase.Time(receipt.CreatedAt));
            upsert.Parameters.AddWithValue("$not_before", SqliteDatabase.Time(notBefore));
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
        command.CommandText = """
            SELECT tenant, key, fingerprint, document_id, status_code, response_body, created_at FROM upload_receipts
            WHERE tenant = $tenant AND key = $key AND created_at >= $not_before;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$not_before", SqliteDatabase.Time(notBefore));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UploadReceipt(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5), SqliteDatabase.ReadTime(reader, 6))
            : null;
    }
}
