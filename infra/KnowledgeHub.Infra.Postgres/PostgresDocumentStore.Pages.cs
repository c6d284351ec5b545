using System.Text;
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
                var filters = new List<NpgsqlParameter> { DocumentRows.Text("tenant", tenant) };
                var where = new StringBuilder("WHERE tenant = @tenant");
                if (query.Collection is not null)
                {
                    where.Append(" AND collection = @collection");
                    filters.Add(DocumentRows.Text("collection", query.Collection));
                }

                if (query.Status is { } status)
                {
                    where.Append(" AND status = @status");
                    filters.Add(DocumentRows.Text("status", DocumentColumns.StatusText(status)));
                }

                if (!string.IsNullOrEmpty(query.FileNameContains))
                {
                    where.Append(@" AND file_name ILIKE @name ESCAPE '\'");
                    filters.Add(DocumentRows.Text("name", "%" + DocumentColumns.EscapeLike(query.FileNameContains) + "%"));
                }

                if (query.CreatedFrom is { } from)
                {
                    where.Append(" AND created_at >= @from");
                    filters.Add(DocumentRows.Timestamp("from", from));
                }

                if (query.CreatedTo is { } to)
                {
                    where.Append(" AND created_at < @to");
                    filters.Add(DocumentRows.Timestamp("to", to));
                }

                int total;
                await using (var count = new NpgsqlCommand($"SELECT COUNT(*)::integer FROM documents {where};", connection))
                {
                    count.Parameters.AddRange(filters.Select(p => p.Clone()).ToArray());
                    total = (int)(await count.ExecuteScalarAsync(token))!;
                }

                var parameters = filters.Select(p => p.Clone()).ToList();
                if (query.After is { } after)
                {
                    where.Append(" AND (created_at < @after_at OR (created_at = @after_at AND id > @after_id))");
                    parameters.Add(DocumentRows.Timestamp("after_at", after.CreatedAt));
                    parameters.Add(DocumentRows.Text("after_id", after.Id));
                }

                // One row more than asked tells whether there is a next page without a second query.
                where.Append(" ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset");
                parameters.Add(DocumentRows.Integer("limit", query.Limit + 1));
                parameters.Add(DocumentRows.Integer("offset", query.After is null ? query.Offset : 0));
                var rows = await QueryAsync(connection, where.ToString(), token, [.. parameters]);
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
