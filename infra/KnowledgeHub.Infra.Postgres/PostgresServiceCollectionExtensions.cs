using KnowledgeHub.Connectors;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Tenancy;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>The service key of the document store's <see cref="NpgsqlDataSource"/>, kept apart from any other pool the host registers.</summary>
    public const string DataSourceKey = "KnowledgeHub.Documents";

    /// <summary>
    /// Registers the PostgreSQL document and API key stores. The host still calls <see cref="IDocumentStore.InitializeAsync"/>
    /// at start, which migrates the schema.
    /// </summary>
    public static IServiceCollection AddPostgresDocumentStore(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        // Keyed and owned by the container, so the pool is disposed with it.
        services.AddKeyedSingleton(DataSourceKey, (sp, _) =>
            new NpgsqlDataSourceBuilder(connectionString(sp))
                .UseLoggerFactory(sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)
                .Build());
        services.AddSingleton(sp => new PostgresDocumentStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<PostgresDocumentStore>>() ?? NullLogger<PostgresDocumentStore>.Instance));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<PostgresDocumentStore>());
        services.AddSingleton<IEmbeddingCache>(sp => sp.GetRequiredService<PostgresDocumentStore>());
        services.AddSingleton<IUploadReceiptStore>(sp => sp.GetRequiredService<PostgresDocumentStore>());
        services.AddSingleton<IApiKeyStore>(sp => new PostgresApiKeyStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<PostgresApiKeyStore>>() ?? NullLogger<PostgresApiKeyStore>.Instance));
        services.AddSingleton<IConversationStore>(sp => new PostgresConversationStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<PostgresConversationStore>>() ?? NullLogger<PostgresConversationStore>.Instance));
        services.AddSingleton<IConnectorStore>(sp => new PostgresConnectorStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<PostgresConnectorStore>>() ?? NullLogger<PostgresConnectorStore>.Instance));
        services.AddSingleton<ICollectionChunkingStore>(sp => new PostgresCollectionChunkingStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(DataSourceKey),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<PostgresCollectionChunkingStore>>() ?? NullLogger<PostgresCollectionChunkingStore>.Instance));
        return services;
    }
}
