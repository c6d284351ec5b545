using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `migrate`: brings the store's schema and, with PostgreSQL jobs, Hangfire's schema up to date, then exits. Both run
/// under database locks and skip what is already applied, so running it twice, or beside starting hosts, is safe.
/// </summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = CommandArgs.Parse(args, new HashSet<string>(), new HashSet<string>());
        if (parsed.Positionals.Count != 0)
        {
            throw new ArgumentException("Usage: migrate [--KnowledgeHub:Store:Provider=postgres --ConnectionStrings:Postgres=...] [--KnowledgeHub:Jobs:Provider=postgres]");
        }

        await using var app = KnowledgeHubApp.CreateTool([.. parsed.Configuration]);
        var store = app.Services.Settings<StoreOptions>();
        var jobs = app.Services.Settings<JobsOptions>();
        await app.Services.GetRequiredService<IDocumentStore>().InitializeAsync();
        Console.WriteLine($"store ({store.Provider}): schema up to date");
        if (jobs.IsPostgres)
        {
            await JobsSchema.InstallAsync(jobs);
            Console.WriteLine($"jobs (postgres, schema '{jobs.Schema}'): schema up to date");
        }
        else
        {
            Console.WriteLine("jobs (memory): nothing to migrate");
        }

        return 0;
    }
}
