using System.Diagnostics;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Web.Tests;

/// <summary>The `migrate` command as an operator runs it: the real program, as its own process, against a fresh database.</summary>
public sealed class MigrateCommandTests
{
    [PostgresRequiredFact]
    public async Task Migrate_creates_the_store_and_job_schemas_in_a_fresh_database_and_a_second_run_changes_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("kh_migrate");
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema IN ('public', 'hangfire')"));
        string[] args = ["migrate", $"--KnowledgeHub:DataPath={KnowledgeHubServer.NewDataPath()}", .. database.HostArgs()];

        await RunToExitAsync(args);
        var first = await SchemaAsync(database);
        Assert.Contains("public.documents", first.Tables, StringComparison.Ordinal);
        Assert.Contains("public.chunks", first.Tables, StringComparison.Ordinal);
        Assert.Contains("hangfire.job", first.Tables, StringComparison.Ordinal);
        Assert.Contains("hangfire.jobqueue", first.Tables, StringComparison.Ordinal);
        Assert.NotEmpty(first.StoreVersions);
        Assert.True(first.JobsVersion > 0);

        await RunToExitAsync(args);
        var second = await SchemaAsync(database);

        // Same tables, same migrations with the same time of application: nothing was applied again.
        Assert.Equal(first, second);
    }

    private static async Task RunToExitAsync(string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(HostProcess.HostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // The bound only keeps a hung command from hanging CI.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"migrate exited with {process.ExitCode}: {await stdout}{await stderr}");
        Assert.Contains("jobs (postgres, schema 'hangfire'): schema up to date", await stdout, StringComparison.Ordinal);
    }

    private static async Task<Schema> SchemaAsync(PostgresTestDatabase database) => new(
        await database.ScalarAsync<string>(
            "SELECT string_agg(table_schema || '.' || table_name, ',' ORDER BY table_schema, table_name) FROM information_schema.tables WHERE table_schema IN ('public', 'hangfire')"),
        await database.ScalarAsync<string>("SELECT string_agg(version || ' ' || name || ' ' || applied_at, ',' ORDER BY version) FROM schema_version"),
        await database.ScalarAsync<int>("SELECT MAX(version) FROM hangfire.schema"));

    private sealed record Schema(string Tables, string StoreVersions, int JobsVersion);
}
