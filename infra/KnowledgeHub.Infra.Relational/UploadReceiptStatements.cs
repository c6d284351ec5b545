using System.Data.Common;
using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Infra.Relational;

/// <summary>The upload_receipts table as every relational store writes and reads it.</summary>
public static class UploadReceiptStatements
{
    private const string Columns = "tenant, key, fingerprint, document_id, status_code, response_body, created_at";

    /// <summary>Stores a receipt unless the key holds one created at or after <c>not_before</c>, which wins.</summary>
    public static string Upsert(SqlDialect dialect) => $"""
        INSERT INTO upload_receipts ({Columns})
        VALUES ({dialect.Parameters(Columns.Split(", "))})
        ON CONFLICT (tenant, key) DO UPDATE SET
            fingerprint = excluded.fingerprint, document_id = excluded.document_id, status_code = excluded.status_code,
            response_body = excluded.response_body, created_at = excluded.created_at
        WHERE upload_receipts.created_at < {dialect.Parameter("not_before")};
        """;

    public static IReadOnlyList<SqlArgument> UpsertArguments(UploadReceipt receipt, DateTimeOffset notBefore) =>
    [
        SqlArgument.Text("tenant", receipt.Tenant),
        SqlArgument.Text("key", receipt.Key),
        SqlArgument.Text("fingerprint", receipt.Fingerprint),
        SqlArgument.Text("document_id", receipt.DocumentId),
        SqlArgument.Number("status_code", receipt.StatusCode),
        SqlArgument.Text("response_body", receipt.ResponseBody),
        SqlArgument.Timestamp("created_at", receipt.CreatedAt),
        SqlArgument.Timestamp("not_before", notBefore),
    ];

    public static string Find(SqlDialect dialect) =>
        $"SELECT {Columns} FROM upload_receipts WHERE tenant = {dialect.Parameter("tenant")} AND key = {dialect.Parameter("key")} AND created_at >= {dialect.Parameter("not_before")};";

    public static IReadOnlyList<SqlArgument> FindArguments(string tenant, string key, DateTimeOffset notBefore) =>
    [
        SqlArgument.Text("tenant", tenant),
        SqlArgument.Text("key", key),
        SqlArgument.Timestamp("not_before", notBefore),
    ];

    /// <summary>Reads a row selected by <see cref="Find"/>.</summary>
    public static UploadReceipt Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> readTime) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), readTime(r, 6));
}
