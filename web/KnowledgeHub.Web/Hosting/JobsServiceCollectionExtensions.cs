using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
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
        // Hangfire keeps one JobStorage.Current and one JobActivator.Current per process, and its DI registrations read
        // them when first resolved: with two hosts in one process (the tests, `bench` in-process servers) a host could
        // take the other's storage or job activator, whose service provider is disposed when that host stops, and its
        // jobs then fail to start and sit queued. Each host therefore owns its storage and activator in its container
        // (registered before AddHangfire, whose TryAdd leaves them), and the client and servers use those instances.
        services.AddSingleton<JobStorage>(sp =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            if (!jobs.IsPostgres)
            {
                return new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) });
            }

            var storageOptions = new PostgreSqlStorageOptions
            {
                SchemaName = jobs.Schema,

                // JobsSchema installs under a lock, from `migrate` or at start (Store:MigrateAtStart).
                PrepareSchemaIfNecessary = false,
                InvisibilityTimeout = jobs.InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
                QueuePollInterval = jobs.QueuePollInterval,
                EnableLongPolling = true,
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(jobs.PostgresConnectionString!, storageOptions), storageOptions);
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IIngestionQueue, HangfireIngestionQueue>();
        services.AddTransient<IngestDocumentJob>();
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostBoundHangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .UseActivator(sp.GetRequiredService<JobActivator>())
            .UseStorage(sp.GetRequiredService<JobStorage>()));
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
