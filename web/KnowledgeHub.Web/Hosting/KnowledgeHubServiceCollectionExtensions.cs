using KnowledgeHub.Connectors;
using KnowledgeHub.Infra.Llama;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.OpenAI;
using KnowledgeHub.Infra.Postgres;
using KnowledgeHub.Infra.Sqlite;
using KnowledgeHub.Infra.Tesseract;
using KnowledgeHub.Ingestion;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Fusion;
using KnowledgeHub.Retrieval.Rescoring;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Hosting;

public static class KnowledgeHubServiceCollectionExtensions
{
    /// <summary>Every component of the embedded default, wired once for the server and the command line.</summary>
    public static IServiceCollection AddKnowledgeHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeHubOptions>().BindConfiguration(KnowledgeHubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KnowledgeHubOptions>>().Value;
            return new DataPaths(options.DataPath, options.ModelCachePath);
        });

        services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.Section)
            .Configure(o => o.PostgresConnectionString = configuration.GetConnectionString("Postgres"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (StoreOptions.IsPostgresIn(configuration))
        {
            services.AddPostgresDocumentStore(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.PostgresConnectionString!);
        }
        else
        {
            services.AddSqliteDocumentStore(sp => sp.GetRequiredService<DataPaths>().Database);
        }

        services.AddOnnxEncoder(sp => sp.GetRequiredService<DataPaths>().Models);
        services.AddSearchIndex(configuration);
        services.AddRescoring(
            configuration[$"{RescoringOptions.Section}:{nameof(RescoringOptions.Rescorer)}"],
            (sp, o) => OnnxEncoderServiceCollectionExtensions.CreateSecondEncoder(sp, o.Model, o.Precision, sp.GetRequiredService<DataPaths>().Models),
            (sp, o) => OnnxEncoderServiceCollectionExtensions.CreateCrossEncoder(sp, o.Model!),
            configuration.GetSection($"{RescoringOptions.Section}:{nameof(RescoringOptions.Collections)}").Exists());
        services.AddOptions<RescoringOptions>().Validate(
            o => o.Rescorer != RescoringOptions.Encoder || o.Model is null || EncoderModel.Find(o.Model) is not null || Directory.Exists(o.Model),
            $"{RescoringOptions.Section}:{nameof(RescoringOptions.Model)} must be a known encoder model ({EncoderModel.AllIds}) or a model folder.");
        services.AddOptions<RescoringOptions>().Validate(
            o => (o.Rescorer != RescoringOptions.CrossEncoder || (o.Model is not null && Directory.Exists(o.Model)))
                && o.Collections.Keys.Select(o.For).All(c => c.Rescorer != RescoringOptions.CrossEncoder || (c.Model is not null && Directory.Exists(c.Model))),
            $"{RescoringOptions.Section}:{nameof(RescoringOptions.Model)} must name the cross-encoder's model folder when {nameof(RescoringOptions.Rescorer)} is '{RescoringOptions.CrossEncoder}' (for the section or a collection).");
        services.AddFusion();
        services.AddSingleton<HybridRetriever>();
        services.AddIngestion(sp => sp.GetRequiredService<DataPaths>().Originals);
        services.AddTesseractOcr();
        services.AddOptions<KnowledgeHub.Ingestion.Parsing.Ocr.OcrOptions>().Configure<DataPaths>((o, paths) => o.CachePath ??= Path.Combine(paths.Root, "ocr"));
        services.AddLlamaDecoder(configuration);
        services.AddOpenAICompatibleDecoder(configuration);
        services.AddDecoderWindow();
        services.AddAnswering();
        services.AddCalibrationFiles();
        services.AddConversations();
        services.AddIngestionJobs(configuration);
        services.AddConnectors(sp => sp.GetRequiredService<DataPaths>().GitClones);
        services.AddSingleton<ConnectorScheduler>();
        services.AddTransient<ConnectorSyncJob>();
        services.AddSingleton<FolderWatchers>();
        return services;
    }

    /// <summary>
    /// The background side of the server: schema at start, Hangfire workers (unless `worker` processes run the jobs),
    /// the start-up re-queue of unfinished documents, the conversation retention schedule, and, when workers elsewhere cannot open this process's embedded
    /// index, the synchronizer that indexes what they stored.
    /// </summary>
    public static IServiceCollection AddIngestionWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        var jobs = JobsOptions.From(configuration);
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<KnowledgeHub.Web.Health.OcrStartupReport>();
        if (jobs.ServeRunsJobs)
        {
            services.AddIngestionJobServer();
        }

        services.AddHostedService<UnfinishedDocumentsRequeuer>();
        services.AddHostedService<ConversationRetentionSchedule>();
        services.AddHostedService<ConnectorRunResumer>();
        services.AddHostedService(sp => sp.GetRequiredService<FolderWatchers>());
        if (jobs.IsPostgres && !IndexOptions.From(configuration).IsQdrant)
        {
            services.AddHostedService<IndexSynchronizer>();
        }

        return services;
    }

    /// <summary>
    /// The `worker` process: schema at start and Hangfire workers, nothing else. Beside an embedded index (which only
    /// the serve process may open) it stores chunks and vectors and hands each version to the index owner.
    /// </summary>
    public static IServiceCollection AddIngestionWorkerProcess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<KnowledgeHub.Web.Health.OcrStartupReport>();
        services.AddIngestionJobServer();
        if (!IndexOptions.From(configuration).IsQdrant)
        {
            services.AddSingleton(sp => VersionIndexer.HandingOff(sp.GetRequiredService<IDocumentStore>()));
        }

        return services;
    }
}
