using KnowledgeHub.Infra.Qdrant;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Hosting;

namespace KnowledgeHub.Web.Cli;

/// <summary>
/// `migrate`: brings the store's schema and, with PostgreSQL jobs, Hangfire's schema up to date (and, with Qdrant, creates
/// the encoder model's collection and alias when missing), then exits. The schemas migrate under database locks, and
/// every step skips what is already there, so running it twice, or beside starting hosts, is safe.
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

        // Creating the model's Qdrant collection here, once, spares hosts starting together the race to create it.
        if (app.Services.Settings<IndexOptions>().IsQdrant)
        {
            var encoder = app.Services.GetRequiredService<ITextEncoder>();
            try
            {
                var alias = await app.Services.GetRequiredService<QdrantCollections>().EnsureServingAsync(encoder.ModelId, encoder.Dimensions);
                Console.WriteLine($"index (qdrant): collection for {encoder.ModelId} ready behind alias {alias}");
            }
            catch (Grpc.Core.RpcException ex)
            {
                await Console.Error.WriteLineAsync(
                    $"index (qdrant): {app.Services.Settings<QdrantIndexOptions>().Url} did not answer ({ex.StatusCode}: {ex.Status.Detail}); the schemas above are migrated, run migrate again once Qdrant is up.");
                return ExitCodes.Failed;
            }
        }

        return 0;
    }
}
