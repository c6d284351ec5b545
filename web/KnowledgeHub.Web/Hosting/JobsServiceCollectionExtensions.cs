using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using KnowledgeHub.Ingestion.Pipeline;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Hangfire's job storage: in memory (the embedded default) or PostgreSQL (shared by worker processes).</summary>
    public static IServiceCollection AddIngestionJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .Configure(o => o.PostgresConnectionString = configuration.GetConnectionString("Postgres"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Hangfire keeps one JobStorage.Current per process; left to that, a host resolving its job client late can get
        // the storage of another host in the same process, which that host disposes on shutdown. In memory, each host
        // therefore owns its storage in its container (disposed with it), and the client and server use that instance.
        if (!JobsOptions.From(configuration).IsPostgres)
        {
            services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) }));
        }

        services.AddSingleton<IIngestionQueue, HangfireIngestionQueue>();
        services.AddTransient<IngestDocumentJob>();
        services.AddHangfire((sp, c) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(new HostBoundHangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()));
            if (jobs.IsPostgres)
            {
                c.UsePostgreSqlStorage(
                    b => b.UseNpgsqlConnection(jobs.PostgresConnectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = jobs.Schema,

                        // JobsSchema installs under a lock, from `migrate` or at start (Store:MigrateAtStart).
                        PrepareSchemaIfNecessary = false,
                        InvisibilityTimeout = jobs.InvisibilityTimeout,
                        UseSlidingInvisibilityTimeout = true,
                        QueuePollInterval = jobs.QueuePollInterval,
                        EnableLongPolling = true,
                    });
            }
            else
            {
                c.UseStorage(sp.GetRequiredService<JobStorage>());
            }
        });
        return services;
    }

    /// <summary>
    /// The Hangfire servers that run ingestion jobs in this process, in two lanes so that large documents never take
    /// every worker: the large lane takes the large queue first and small documents when it is empty; the small lane
    /// takes only small documents (KnowledgeHub:Ingestion:Workers, LargeDocumentWorkers, LargeDocumentBytes).
    /// </summary>
    public static IServiceCollection AddIngestionJobServer(this IServiceCollection services)
    {
        services.AddHangfireServer((sp, o) =>
        {
            o.ServerName = Lane("small");
            o.WorkerCount = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.WorkerLanes(Environment.ProcessorCount).Small;
            o.Queues = [IngestionLanes.Small];
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        services.AddHangfireServer((sp, o) =>
        {
            o.ServerName = Lane("large");
            o.WorkerCount = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.WorkerLanes(Environment.ProcessorCount).Large;
            o.Queues = [IngestionLanes.Large, IngestionLanes.Small];
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return services;
    }

    // Hangfire adds the process id and a unique suffix; the lane makes the dashboard's server list readable.
    private static string Lane(string lane) => $"{Environment.MachineName}:{lane}";
}
