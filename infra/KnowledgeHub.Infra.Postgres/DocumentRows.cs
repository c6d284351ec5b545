using KnowledgeHub.Ingestion.Documents;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>How a <see cref="DocumentRecord"/> maps onto the documents table.</summary>
internal static class DocumentRows
{
    public const string Columns =
        "id, tenant, collection, file_name, content_hash, size_bytes, content_type, version, status, step, " +
        "progress_done, progress_total, error, chunk_count, page_count, attempts, created_at, updated_at";

    public const string Parameters =
        "@id, @tenant, @collection, @file_name, @content_hash, @size_bytes, @content_type, @version, @status, @step, " +
        "@progress_done, @progress_total, @error, @chunk_count, @page_count, @attempts, @created_at, @updated_at";

    public static DocumentRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Tenant = r.GetString(1),
        Collection = r.GetString(2),
        FileName = r.GetString(3),
        ContentHash = r.GetString(4),
        SizeBytes = r.GetInt64(5),
        ContentType = r.IsDBNull(6) ? null : r.GetString(6),
        Version = r.GetInt32(7),
        Status = ParseStatus(r.GetString(8)),
        Step = r.IsDBNull(9) ? null : r.GetString(9),
        ProgressDone = r.GetInt32(10),
        ProgressTotal = r.GetInt32(11),
        Error = r.IsDBNull(12) ? null : r.GetString(12),
        ChunkCount = r.IsDBNull(13) ? null : r.GetInt32(13),
        PageCount = r.IsDBNull(14) ? null : r.GetInt32(14),
        Attempts = r.GetInt32(15),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(16),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(17),
    };

    public static void Bind(NpgsqlCommand command, DocumentRecord d)
    {
        var p = command.Parameters;
        p.Add(Text("id", d.Id));
        p.Add(Text("tenant", d.Tenant));
        p.Add(Text("collection", d.Collection));
        p.Add(Text("file_name", d.FileName));
        p.Add(Text("content_hash", d.ContentHash));
        p.Add(new NpgsqlParameter<long>("size_bytes", d.SizeBytes));
        p.Add(Text("content_type", d.ContentType));
        p.Add(Integer("version", d.Version));
        p.Add(Text("status", StatusText(d.Status)));
        p.Add(Text("step", d.Step));
        p.Add(Integer("progress_done", d.ProgressDone));
        p.Add(Integer("progress_total", d.ProgressTotal));
        p.Add(Text("error", d.Error));
        p.Add(Integer("chunk_count", d.ChunkCount));
        p.Add(Integer("page_count", d.PageCount));
        p.Add(Integer("attempts", d.Attempts));
        p.Add(Timestamp("created_at", d.CreatedAt));
        p.Add(Timestamp("updated_at", d.UpdatedAt));
    }

    // Typed parameters: a bare DBNull gives PostgreSQL no type to infer inside COALESCE and CASE.
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Integer(string name, int? value) =>
        new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };

    // timestamptz accepts only UTC offsets from Npgsql; the instant is what is stored either way.
    public static NpgsqlParameter Timestamp(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };

    public static string StatusText(DocumentStatus status) => status switch
    {
        DocumentStatus.Queued => "queued",
        DocumentStatus.Processing => "processing",
        DocumentStatus.Completed => "completed",
        DocumentStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static DocumentStatus ParseStatus(string text) => text switch
    {
        "queued" => DocumentStatus.Queued,
        "processing" => DocumentStatus.Processing,
        "completed" => DocumentStatus.Completed,
        "failed" => DocumentStatus.Failed,
        _ => throw new InvalidOperationException($"Unknown document status '{text}' in the database."),
    };
}
