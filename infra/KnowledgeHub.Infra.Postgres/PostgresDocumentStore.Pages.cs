using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Npgsql;
using NpgsqlTypes;

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

    public Task<UploadReceipt?> FindUploadReceiptAsync(string tenant, string key, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        RunAsync(idempotent: true, (connection, token) => FindReceiptAsync(connection, tenant, key, notBefore, token), cancellationToken);

    public Task<UploadReceipt> AddUploadReceiptAsync(UploadReceipt receipt, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        // Repeating is harmless: a second insert of the same receipt leaves it as it is and reads it back.
        RunAsync(
            idempotent: true,
            async (connection, token) =>
            {
                await using (var upsert = new NpgsqlCommand(
                    """
                    INSERT INTO upload_receipts (tenant, key, fingerprint, document_id, status_code, response_body, created_at)
                    VALUES (@tenant, @key, @fingerprint, @document_id, @status_code, @response_body, @created_at)
                    ON CONFLICT (tenant, key) DO UPDATE SET
                        fingerprint = excluded.fingerprint, document_id = excluded.document_id, status_code = excluded.status_code,
                        response_body = excluded.response_body, created_at = excluded.created_at
                    WHERE upload_receipts.created_at < @not_before;
                    """,
                    connection))
                {
                    upsert.Parameters.Add(DocumentRows.Text("tenant", receipt.Tenant));
                    upsert.Parameters.Add(DocumentRows.Text("key", receipt.Key));
                    upsert.Parameters.Add(DocumentRows.Text("fingerprint", receipt.Fingerprint));
                    upsert.Parameters.Add(DocumentRows.Text("document_id", receipt.DocumentId));
                    upsert.Parameters.Add(DocumentRows.Integer("status_code", receipt.StatusCode));
                    upsert.Parameters.Add(DocumentRows.Text("response_body", receipt.ResponseBody));
                    upsert.Parameters.Add(DocumentRows.Timestamp("created_at", receipt.CreatedAt));
                    upsert.Parameters.Add(DocumentRows.Timestamp("not_before", notBefore));
                    await upsert.ExecuteNonQueryAsync(token);
                }

                return await FindReceiptAsync(connection, receipt.Tenant, receipt.Key, DateTimeOffset.MinValue, token)
                    ?? throw new InvalidOperationException("The upload receipt vanished right after insert.");
            },
            cancellationToken);

    private static async Task<UploadReceipt?> FindReceiptAsync(NpgsqlConnection connection, string tenant, string key, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT tenant, key, fingerprint, document_id, status_code, response_body, created_at FROM upload_receipts
            WHERE tenant = @tenant AND key = @key AND created_at >= @not_before;
            """,
            connection);
        command.Parameters.Add(DocumentRows.Text("tenant", tenant));
        command.Parameters.Add(DocumentRows.Text("key", key));
        command.Parameters.Add(new NpgsqlParameter("not_before", NpgsqlDbType.TimestampTz) { Value = notBefore == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : notBefore.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UploadReceipt(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6))
            : null;
    }
}
