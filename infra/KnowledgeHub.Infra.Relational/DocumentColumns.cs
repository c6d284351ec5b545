using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// The documents and chunks tables as every relational store lays them out: column lists, status names and
/// row readers, so SQLite and PostgreSQL map rows the same way. Only timestamps differ by database.
/// </summary>
public static class DocumentColumns
{
    public const string Documents =
        "id, tenant, collection, file_name, content_hash, size_bytes, content_type, version, status, step, " +
        "progress_done, progress_total, error, chunk_count, page_count, attempts, created_at, updated_at, steps, tags, ocr_pages";

    private static readonly JsonSerializerOptions StepJson = new(JsonSerializerDefaults.Web);

    private static readonly string[] DocumentNames = Documents.Split(", ");

    public const string Chunks = "id, document_id, version, ordinal, page, heading_path, text, token_count, box, suspicious";

    public static string StatusText(DocumentStatus status) => status switch
    {
        DocumentStatus.Queued => "queued",
        DocumentStatus.Processing => "processing",
        DocumentStatus.Completed => "completed",
        DocumentStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parameter markers for every column of <see cref="Documents"/>, in order, as in a VALUES list.</summary>
    public static string DocumentParameters(SqlDialect dialect) =>
        dialect.Parameters(DocumentNames);

    /// <summary>The arguments of <see cref="DocumentParameters"/> for one document.</summary>
    public static IReadOnlyList<SqlArgument> DocumentArguments(DocumentRecord d) =>
    [
        SqlArgument.Text("id", d.Id),
        SqlArgument.Text("tenant", d.Tenant),
        SqlArgument.Text("collection", d.Collection),
        SqlArgument.Text("file_name", d.FileName),
        SqlArgument.Text("content_hash", d.ContentHash),
        SqlArgument.BigInt("size_bytes", d.SizeBytes),
        SqlArgument.Text("content_type", d.ContentType),
        SqlArgument.Number("version", d.Version),
        SqlArgument.Text("status", StatusText(d.Status)),
        SqlArgument.Text("step", d.Step),
        SqlArgument.Number("progress_done", d.ProgressDone),
        SqlArgument.Number("progress_total", d.ProgressTotal),
        SqlArgument.Text("error", d.Error),
        SqlArgument.Number("chunk_count", d.ChunkCount),
        SqlArgument.Number("page_count", d.PageCount),
        SqlArgument.Number("attempts", d.Attempts),
        SqlArgument.Timestamp("created_at", d.CreatedAt),
        SqlArgument.Timestamp("updated_at", d.UpdatedAt),
        SqlArgument.Text("steps", StepsJson(d.Steps.Count == 0 ? null : d.Steps)),
        SqlArgument.Text("tags", TagsJson(d.Tags)),
        SqlArgument.Text("ocr_pages", OcrPagesJson(d.OcrPages.Count == 0 ? null : d.OcrPages)),
    ];

    /// <summary>Escapes LIKE wildcards with a backslash (use with <c>ESCAPE '\'</c>).</summary>
    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>A page from rows fetched with one row beyond <paramref name="limit"/>: that extra row only says a next page exists.</summary>
    public static DocumentPage Page(IReadOnlyList<DocumentRecord> rows, int limit, int total) =>
        rows.Count > limit
            ? new DocumentPage(rows.Take(limit).ToList(), total, DocumentCursor.After(rows[limit - 1]))
            : new DocumentPage(rows, total, null);

    public static DocumentStatus ParseStatus(string text) => text switch
    {
        "queued" => DocumentStatus.Queued,
        "processing" => DocumentStatus.Processing,
        "completed" => DocumentStatus.Completed,
        "failed" => DocumentStatus.Failed,
        _ => throw new InvalidOperationException($"Unknown document status '{text}' in the database."),
    };

    /// <summary>Reads a row selected with <see cref="Documents"/>; <paramref name="readTime"/> reads a timestamp column.</summary>
    public static DocumentRecord ReadDocument(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> readTime) => new()
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
        CreatedAt = readTime(r, 16),
        UpdatedAt = readTime(r, 17),
        Steps = r.IsDBNull(18) ? [] : ParseSteps(r.GetString(18)),
        Tags = r.IsDBNull(19) ? [] : JsonSerializer.Deserialize<List<string>>(r.GetString(19), StepJson) ?? [],
        OcrPages = r.IsDBNull(20) ? [] : JsonSerializer.Deserialize<List<OcrPageQuality>>(r.GetString(20), StepJson) ?? [],
    };

    /// <summary>OCR pages as the JSON text both stores keep in the ocr_pages column; null leaves the stored value.</summary>
    public static string? OcrPagesJson(IReadOnlyList<OcrPageQuality>? pages) =>
        pages is null ? null : JsonSerializer.Serialize(pages, StepJson);

    /// <summary>Tags as the JSON array text both stores keep in the tags column; null when there are none.</summary>
    public static string? TagsJson(IReadOnlyList<string>? tags) =>
        tags is not { Count: > 0 } ? null : JsonSerializer.Serialize(tags, StepJson);

    /// <summary>Step timings as the JSON text both stores keep in the steps column.</summary>
    public static string? StepsJson(IReadOnlyList<StepTiming>? steps) =>
        steps is null ? null : JsonSerializer.Serialize(steps, StepJson);

    public static IReadOnlyList<StepTiming> ParseSteps(string json) =>
        JsonSerializer.Deserialize<List<StepTiming>>(json, StepJson) ?? [];

    /// <summary>A vector as little-endian float32 bytes, the cache's storage format in every database.</summary>
    public static byte[] VectorBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    public static float[] VectorFromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    /// <summary>Reads a row selected with <see cref="Chunks"/>.</summary>
    public static StoredChunk ReadChunk(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetInt32(2),
        r.GetInt32(3),
        r.IsDBNull(4) ? null : r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.GetString(6),
        r.GetInt32(7),
        PageBox.Parse(r.IsDBNull(8) ? null : r.GetString(8)),
        r.IsDBNull(9) ? null : r.GetString(9));
}
