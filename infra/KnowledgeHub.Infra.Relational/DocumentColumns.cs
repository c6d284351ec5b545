using System.Globalization;
using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing.Ocr;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;

namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// The documents and chunks tables as every relational store lays them out: column lists, status names and
/// row readers, so SQLite and PostgreSQL map rows the same way. Only timestamps differ by database.
/// </summary>
public static class DocumentColumns
{
    public const string Documents =
        "id, tenant, collection, file_name, content_hash, size_bytes, content_type, version, status, step, " +
        "progress_done, progress_total, error, chunk_count, page_count, attempts, created_at, updated_at, steps, tags, ocr_pages, access_groups, metadata";

    private static readonly JsonSerializerOptions StepJson = new(JsonSerializerDefaults.Web);

    private static readonly string[] DocumentNames = Documents.Split(", ");

    public const string Chunks = "id, document_id, version, ordinal, page, heading_path, text, token_count, box, suspicious";

    /// <summary>
    /// The chunks of a document with their corrections, for <see cref="ReadCorrectedChunk"/>: a correction belongs to a
    /// chunk of the document's current version whose bytes (content hash) and original text it was made on. Bind the
    /// document id as <c>document_id</c> in the dialect's marker, given as <paramref name="documentId"/>.
    /// </summary>
    public static string CorrectedChunksQuery(string documentId) => $"""
        SELECT c.id, c.document_id, c.version, c.ordinal, c.page, c.heading_path, c.text, c.token_count, c.box, c.suspicious,
               k.content_hash, k.original_text, k.text, k.excluded, k.edited_by, k.edited_by_name, k.edited_at, k.token_count
        FROM chunks c
        LEFT JOIN documents d ON d.id = c.document_id AND d.version = c.version
        LEFT JOIN chunk_corrections k ON k.document_id = c.document_id AND k.content_hash = d.content_hash
            AND k.ordinal = c.ordinal AND k.original_text = c.text
        WHERE c.document_id = {documentId}
        ORDER BY c.version, c.ordinal;
        """;

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
        SqlArgument.Text("access_groups", TagsJson(d.AccessGroups)),
        SqlArgument.Text("metadata", DocumentMetadata.ToJson(d.Metadata)),
    ];

    /// <summary>The text a metadata change writes: the JSON object, "{}" to remove it, null to keep what is stored.</summary>
    public static string? MetadataChange(IReadOnlyDictionary<string, MetadataValue>? metadata) =>
        metadata is null ? null : DocumentMetadata.ToJson(metadata) ?? "{}";

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
        AccessGroups = r.IsDBNull(21) ? [] : ParseStrings(r.GetString(21)),
        Metadata = r.IsDBNull(22) ? DocumentMetadata.Empty : DocumentMetadata.Parse(r.GetString(22)),
    };

    /// <summary>A JSON array of strings as kept in the tags, access_groups and API key groups columns.</summary>
    public static IReadOnlyList<string> ParseStrings(string json) => JsonSerializer.Deserialize<List<string>>(json, StepJson) ?? [];

    /// <summary>OCR pages as the JSON text both stores keep in the ocr_pages column; null leaves the stored value.</summary>
    public static string? OcrPagesJson(IReadOnlyList<OcrPageQuality>? pages) =>
        pages is null ? null : JsonSerializer.Serialize(pages, StepJson);

    /// <summary>Tags (or access groups) as the JSON array text both stores keep in their column; null when there are none.</summary>
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
    /// <summary>A row of <see cref="CorrectedChunksQuery"/>: the chunk, with the corrected text and the correction when it has one.</summary>
    public static StoredChunk ReadCorrectedChunk(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var chunk = ReadChunk(r);
        if (r.IsDBNull(10))
        {
            return chunk;
        }

        var correction = new ChunkCorrection(
            chunk.DocumentId,
            r.GetString(10),
            chunk.Ordinal,
            r.GetString(11),
            r.IsDBNull(12) ? null : r.GetString(12),
            Convert.ToBoolean(r.GetValue(13), CultureInfo.InvariantCulture),
            r.GetString(14),
            r.IsDBNull(15) ? null : r.GetString(15),
            readTime(r, 16),
            r.IsDBNull(17) ? null : r.GetInt32(17));
        return chunk with { Text = correction.Text ?? chunk.Text, TokenCount = correction.TokenCount ?? chunk.TokenCount, Correction = correction };
    }

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
