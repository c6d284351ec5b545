using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// Brings the store's schema (and Hangfire's, with PostgreSQL jobs) up to date before anything else touches them
/// (hosted services start in registration order), unless KnowledgeHub:Store:MigrateAtStart leaves that to `migrate`.
/// </summary>
public sealed class StoreInitializer(IDocumentStore store, IOptions<StoreOptions> storeOptions, IOptions<JobsOptions> jobsOptions) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!storeOptions.Value.MigrateAtStart)
        {
            return;
        }

        await store.InitializeAsync(cancellationToken);
        if (jobsOptions.Value.IsPostgres)
        {
            await JobsSchema.InstallAsync(jobsOptions.Value, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
