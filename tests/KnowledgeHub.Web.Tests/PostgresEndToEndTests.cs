using System.Text;
using KnowledgeHub.TestSupport;
using Npgsql;

namespace KnowledgeHub.Web.Tests;

/// <summary>The first issue's end-to-end path with documents in PostgreSQL (store provider `postgres`) and the embedded index.</summary>
public sealed class PostgresEndToEndTests
{
    [PostgresRequiredFact]
    public async Task Upload_ingest_search_and_ask_work_with_the_PostgreSQL_store()
    {
        var baseConnection = Environment.GetEnvironmentVariable("KNOWLEDGEHUB_POSTGRES")
            ?? throw new InvalidOperationException("PostgreSQL is required on CI: KNOWLEDGEHUB_POSTGRES is not set.");
        var database = "kh_web_" + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(baseConnection))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {database}");
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var connection = new NpgsqlConnectionStringBuilder(baseConnection) { Database = database, Pooling = false }.ConnectionString;
            await using (var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Store:Provider=postgres", $"--ConnectionStrings:Postgres={connection}"))
            {
                var uploaded = await server.UploadAsync("orchard.txt", Encoding.UTF8.GetBytes(
                    "Apple trees are pruned in late winter, before the buds open.\n\nPears ripen off the tree after picking."));
                var id = uploaded.GetProperty("id").GetString()!;
                Assert.Equal("completed", (await server.WaitForEndAsync(id)).GetProperty("status").GetString());

                var answer = await server.PostJsonAsync("/api/ask", new { question = "When are apple trees pruned?" });
                Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
                Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentId").GetString() == id);
            }

            // The rows really are in PostgreSQL, not in a SQLite file.
            await using var check = NpgsqlDataSource.Create(connection);
            await using var count = check.CreateCommand("SELECT COUNT(*) FROM chunks");
            Assert.True((long)(await count.ExecuteScalarAsync())! > 0);
        }
        finally
        {
            await using var admin = NpgsqlDataSource.Create(baseConnection);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
