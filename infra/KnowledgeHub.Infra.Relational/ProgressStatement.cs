using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// The status write of <see cref="DocumentProgress"/> as every relational store runs it, alone or inside the
/// transaction that stores a version's chunks.
/// </summary>
public static class ProgressStatement
{
    public static string Update(SqlDialect dialect)
    {
        string P(string name) => dialect.Parameter(name);
        return $"""
            UPDATE documents SET
                status = {P("status")},
                step = CASE WHEN {P("status")} = 'processing' THEN COALESCE({P("step")}, step) ELSE NULL END,
                progress_done = COALESCE({P("progress_done")}, progress_done),
                progress_total = COALESCE({P("progress_total")}, progress_total),
                error = CASE WHEN {P("status")} = 'failed' THEN COALESCE({P("error")}, error) ELSE NULL END,
                chunk_count = COALESCE({P("chunk_count")}, chunk_count),
                page_count = COALESCE({P("page_count")}, page_count),
                attempts = attempts + {P("attempts_increment")},
                steps = COALESCE({P("steps")}, steps),
                ocr_pages = COALESCE({P("ocr_pages")}, ocr_pages),
                updated_at = {P("updated_at")}
            WHERE id = {P("id")} AND ({P("version")} IS NULL OR version = {P("version")});
            """;
    }

    public static IReadOnlyList<SqlArgument> Arguments(string id, DocumentProgress progress, DateTimeOffset now) =>
    [
        SqlArgument.Text("id", id),
        SqlArgument.Text("status", DocumentColumns.StatusText(progress.Status)),
        SqlArgument.Text("step", progress.Step),
        SqlArgument.Number("progress_done", progress.ProgressDone),
        SqlArgument.Number("progress_total", progress.ProgressTotal),
        SqlArgument.Text("error", progress.Error),
        SqlArgument.Number("chunk_count", progress.ChunkCount),
        SqlArgument.Number("page_count", progress.PageCount),
        SqlArgument.Number("attempts_increment", progress.IncrementAttempts ? 1 : 0),
        SqlArgument.Number("version", progress.Version),
        SqlArgument.Text("steps", DocumentColumns.StepsJson(progress.Steps)),
        SqlArgument.Text("ocr_pages", DocumentColumns.OcrPagesJson(progress.OcrPages)),
        SqlArgument.Timestamp("updated_at", now),
    ];
}
