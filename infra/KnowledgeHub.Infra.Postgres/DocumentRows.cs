using KnowledgeHub.Infra.Relational;
using KnowledgeHub.Ingestion.Documents;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>How a <see cref="DocumentRecord"/> maps onto the documents table.</summary>
internal static class DocumentRows
{
    public const string Columns = DocumentColumns.Documents;

    public const string Parameters =
        "@id, @tenant, @collection, @file_name, @content_hash, @size_bytes, @content_type, @version, @status, @step, " +
        "@progress_done, @progress_total, @error, @chunk_count, @page_count, @attempts, @created_at, @updated_at, @steps, @tags, @ocr_pages";

    public static DocumentRecord Read(NpgsqlDataReader reader) =>
        DocumentColumns.ReadDocument(reader, static (r, i) => r.GetFieldValue<DateTimeOffset>(i));

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
        p.Add(Text("status", DocumentColumns.StatusText(d.Status)));
        p.Add(Text("step", d.Step));
        p.Add(Integer("progress_done", d.ProgressDone));
        p.Add(Integer("progress_total", d.ProgressTotal));
        p.Add(Text("error", d.Error));
        p.Add(Integer("chunk_count", d.ChunkCount));
        p.Add(Integer("page_count", d.PageCount));
        p.Add(Integer("attempts", d.Attempts));
        p.Add(Timestamp("created_at", d.CreatedAt));
        p.Add(Timestamp("updated_at", d.UpdatedAt));
        p.Add(Text("steps", DocumentColumns.StepsJson(d.Steps.Count == 0 ? null : d.Steps)));
        p.Add(Text("tags", DocumentColumns.TagsJson(d.Tags)));
        p.Add(Text("ocr_pages", DocumentColumns.OcrPagesJson(d.OcrPages.Count == 0 ? null : d.OcrPages)));
    }

    // Typed parameters: a bare DBNull gives PostgreSQL no type to infer inside COALESCE and CASE.
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Integer(string name, int? value) =>
        new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };

    // timestamptz accepts only UTC offsets from Npgsql; the instant is what is stored either way.
    public static NpgsqlParameter Timestamp(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };
}
