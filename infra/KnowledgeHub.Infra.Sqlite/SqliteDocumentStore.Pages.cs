using System.Globalization;
using System.Text;
using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Data.Sqlite;

namespace KnowledgeHub.Infra.Sqlite;

public sealed partial class SqliteDocumentStore
{
    public async Task<DocumentPage> ListPageAsync(string tenant, DocumentQuery query, CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string Name, object Value)> { ("$tenant", tenant) };
        var where = new StringBuilder("WHERE tenant = $tenant");
        if (query.Collection is not null)
        {
            where.Append(" AND collection = $collection");
            parameters.Add(("$collection", query.Collection));
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = $status");
            parameters.Add(("$status", DocumentColumns.StatusText(status)));
        }

        if (!string.IsNullOrEmpty(query.FileNameContains))
        {
            // LIKE is case-insensitive for ASCII in SQLite; the escape keeps % and _ in the search text literal.
            where.Append(@" AND file_name LIKE $name ESCAPE '\'");
            parameters.Add(("$name", "%" + DocumentColumns.EscapeLike(query.FileNameContains) + "%"));
        }

        if (query.CreatedFrom is { } from)
        {
            where.Append(" AND created_at >= $from");
            parameters.Add(("$from", SqliteDatabase.Time(from)));
        }

        if (query.CreatedTo is { } to)
        {
            where.Append(" AND created_at < $to");
            parameters.Add(("$to", SqliteDatabase.Time(to)));
        }

        await using var connection = await OpenAsync(cancellationToken);
        int total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT COUNT(*) FROM documents {where};";
            foreach (var (name, value) in parameters)
            {
                count.Parameters.AddWithValue(name, value);
            }

            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        if (query.After is { } after)
        {
            where.Append(" AND (created_at < $after_at OR (created_at = $after_at AND id > $after_id))");
            parameters.Add(("$after_at", SqliteDatabase.Time(after.CreatedAt)));
            parameters.Add(("$after_id", after.Id));
        }

        // One row more than asked tells whether there is a next page without a second query.
        where.Append(" ORDER BY created_at DESC, id LIMIT $limit OFFSET $offset");
        parameters.Add(("$limit", query.Limit + 1));
        parameters.Add(("$offset", query.After is null ? query.Offset : 0));
        var rows = await QueryAsync(where.ToString(), cancellationToken, [.. parameters]);
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
