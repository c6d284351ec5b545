using System.Globalization;
using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Store.Tests;

/// <summary>The 100,000-document backlog in PostgreSQL: one temporary database for the class, emptied before each test.</summary>
[RequiresPostgres]
[Trait("Speed", "Slow")]
public sealed class PostgresBacklogAtScaleTests(PostgresDatabaseFixture fixture) : BacklogAtScaleCompliance, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IDocumentStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        var store = new PostgresDocumentStore(fixture.Database.DataSource, timeProvider, NullLogger<PostgresDocumentStore>.Instance);
        await store.InitializeAsync();
        await fixture.Database.ExecuteAsync("TRUNCATE documents, chunks, upload_receipts;");
        return store;
    }

    protected override async Task InsertBacklogAsync()
    {
        await fixture.Database.ExecuteAsync(string.Join(
            '\n',
            Rows("q", "acme", Backlog, "queued", "NULL", "NULL", At("10:00:00", "n % 997"), At("10:00:00", "n % 997")),
            Rows("o", "globex", OtherTenantQueued, "queued", "NULL", "NULL", At("10:00:00", "n"), At("10:00:00", "n")),
            Rows("p", "acme", Processing, "processing", "'embed'", "NULL", At("10:00:00", "n"), At("11:59:00", "0")),
            Rows("c", "acme", CompletedThisMinute, "completed", "NULL", ChunksEach.ToString(CultureInfo.InvariantCulture), At("10:00:00", "n"), At("11:59:30", "0")),
            Rows("f", "acme", FailedThisHour, "failed", "NULL", "NULL", At("10:00:00", "n"), At("11:30:00", "0")),
            Rows("h", "acme", CompletedHoursAgo, "completed", "NULL", "1", At("09:00:00", "n"), At("09:00:00", "n"))));

        // Fresh statistics, as autovacuum would give a table this size, so the planner sees the backlog.
        await fixture.Database.ExecuteAsync("ANALYZE documents;");
    }

    private static string At(string time, string seconds) =>
        $"timestamptz '2024-05-01 {time}+00' + make_interval(secs => {seconds})";

    private static string Rows(string prefix, string tenant, int count, string status, string step, string chunks, string created, string updated) => $"""
        INSERT INTO documents (id, tenant, collection, file_name, content_hash, size_bytes, version, status, step, chunk_count, created_at, updated_at)
        SELECT '{prefix}' || n, '{tenant}', 'default', '{prefix}' || n || '.txt', 'hash-{prefix}' || n, 100, 1, '{status}', {step}, {chunks}, {created}, {updated}
        FROM generate_series(1, {count}) AS n;
        """;
}
