using System.Data.Common;
using System.Globalization;
using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// The statements that read the ingestion backlog without holding it: a page of unfinished documents by keyset, and
/// the counts by status (migration 0013's indexes serve both).
/// </summary>
public static class BacklogSql
{
    /// <summary>
    /// The clause after <c>SELECT columns FROM documents</c> for one page of unfinished documents, oldest first. The row
    /// comparison continues exactly after the cursor and lets the database seek in (created_at, id) instead of scanning
    /// the rows of the earlier pages again.
    /// </summary>
    /// <param name="indexedBy">Text put before the WHERE (SQLite's <c>INDEXED BY</c>), or null.</param>
    public static (string Clause, IReadOnlyList<SqlArgument> Arguments) UnfinishedPage(
        SqlDialect dialect, DateTimeOffset unchangedSince, DocumentCursor? after, int limit, string? indexedBy = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var p = dialect.Parameter;
        var arguments = new List<SqlArgument> { SqlArgument.Timestamp("unchanged_since", unchangedSince) };
        var clause = $"{indexedBy}WHERE status IN ('queued', 'processing') AND updated_at <= {p("unchanged_since")}";
        if (after is not null)
        {
            clause += $" AND (created_at, id) > ({p("after_at")}, {p("after_id")})";
            arguments.Add(SqlArgument.Timestamp("after_at", after.CreatedAt));
            arguments.Add(SqlArgument.Text("after_id", after.Id));
        }

        arguments.Add(SqlArgument.Number("limit", Math.Max(limit, 0)));
        return ($"{clause} ORDER BY created_at, id LIMIT {p("limit")}", arguments);
    }

    /// <summary>
    /// One statement that counts the tenant's documents by status: all queued and processing ones, and the completed
    /// and failed ones whose last change is at or after the ended-from time (of those, the completed ones since the
    /// rate-from time and their chunks). Each half reads a range of (tenant, status, updated_at) alone.
    /// Rows: status, count, recent count, recent chunks.
    /// </summary>
    public static (string Sql, IReadOnlyList<SqlArgument> Arguments) IngestionCounts(
        SqlDialect dialect, string tenant, DateTimeOffset endedFrom, DateTimeOffset rateFrom)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var p = dialect.Parameter;
        var recent = $"CASE WHEN updated_at >= {p("rate_from")} THEN 1 ELSE 0 END";
        var recentChunks = $"CASE WHEN updated_at >= {p("rate_from")} THEN COALESCE(chunk_count, 0) ELSE 0 END";

        // The unfinished half names no column outside (tenant, status, ...), so an index alone can answer it.
        var sql = $"""
            SELECT status, COUNT(*), 0, 0 FROM documents WHERE tenant = {p("tenant")} AND status IN ('queued', 'processing') GROUP BY status
            UNION ALL
            SELECT status, COUNT(*), SUM({recent}), SUM({recentChunks}) FROM documents
            WHERE tenant = {p("tenant")} AND status IN ('completed', 'failed') AND updated_at >= {p("ended_from")} GROUP BY status;
            """;
        return (sql, [
            SqlArgument.Text("tenant", tenant),
            SqlArgument.Timestamp("ended_from", endedFrom),
            SqlArgument.Timestamp("rate_from", rateFrom),
        ]);
    }

    /// <summary>Reads the rows of <see cref="IngestionCounts(SqlDialect, string, DateTimeOffset, DateTimeOffset)"/>.</summary>
    public static async Task<IngestionCounts> ReadCountsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int queued = 0, processing = 0, completed = 0, failed = 0, recentCompleted = 0;
        long recentChunks = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = Count(reader, 1);
            switch (reader.GetString(0))
            {
                case "queued":
                    queued = count;
                    break;
                case "processing":
                    processing = count;
                    break;
                case "completed":
                    completed = count;
                    recentCompleted = Count(reader, 2);
                    recentChunks = Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture);
                    break;
                case "failed":
                    failed = count;
                    break;
            }
        }

        return new IngestionCounts(queued, processing, completed, failed, recentCompleted, recentChunks);
    }

    // COUNT and SUM read back as bigint (PostgreSQL) or integer (SQLite); a tenant never holds 2^31 documents.
    private static int Count(DbDataReader reader, int ordinal) =>
        (int)Math.Min(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture), int.MaxValue);
}
