using Hangfire;
using Hangfire.InMemory;
using KnowledgeHub.Infra.Llama;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.OpenAI;
using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Ingestion;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

public static class KnowledgeHubServiceCollectionExtensions
{
    /// <summary>Every component of the embedded default, wired once for the server and the command line.</summary>
    public static IServiceCollection AddKnowledgeHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeHubOptions>().BindConfiguration(KnowledgeHubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataPaths(sp.GetRequiredService<IOptions<KnowledgeHubOptions>>().Value.DataPath));

        services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.Section)
            .Configure(o => o.PostgresConnectionString = configuration.GetConnectionString("Postgres"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configuration[$"{StoreOptions.Section}:{nameof(StoreOptions.Provider)}"] == "postgres")
        {
            services.AddPostgresDocumentStore(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.PostgresConnectionString!);
        }
        else
        {
            services.AddSqliteDocumentStore(sp => sp.GetRequiredService<DataPaths>().Database);
        }

        services.AddOnnxEncoder(sp => sp.GetRequiredService<DataPaths>().Models);
        services.AddSearchIndex(configuration);
        services.AddSingleton<HybridRetriever>();
        services.AddIngestion(sp => sp.GetRequiredService<DataPaths>().Originals);
        services.AddLlamaDecoder(configuration);
        services.AddOpenAICompatibleDecoder(configuration);
        services.AddAnswering();
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) }));
        return services;
    }

    /// <summary>The background side of the server: Hangfire workers and the start-up re-queue of unfinished documents.</summary>
    public static IServiceCollection AddIngestionWorkers(this IServiceCollection services)
    {
        services.AddHostedService<StoreInitializer>();
        services.AddHangfireServer((sp, o) =>
        {
            var workers = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.Workers;
            o.WorkerCount = workers > 0 ? workers : Math.Max(1, Environment.ProcessorCount);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        services.AddHostedService<UnfinishedDocumentsRequeuer>();
        return services;
    }
}
