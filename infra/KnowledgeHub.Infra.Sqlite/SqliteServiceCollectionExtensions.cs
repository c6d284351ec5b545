using KnowledgeHub.Connectors;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Tenancy;
using KnowledgeHub.Orchestration.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Infra.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>Registers the SQLite document and API key stores at the path the host computes from its data folder.</summary>
    public static IServiceCollection AddSqliteDocumentStore(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        services.AddSingleton(sp => new SqliteDocumentStore(databasePath(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<SqliteDocumentStore>());
        services.AddSingleton<IEmbeddingCache>(sp => sp.GetRequiredService<SqliteDocumentStore>());
        services.AddSingleton<IUploadReceiptStore>(sp => sp.GetRequiredService<SqliteDocumentStore>());
        services.AddSingleton<IApiKeyStore>(sp => new SqliteApiKeyStore(databasePath(sp)));
        services.AddSingleton<IConversationStore>(sp => new SqliteConversationStore(databasePath(sp)));
        services.AddSingleton<IConnectorStore>(sp => new SqliteConnectorStore(databasePath(sp)));
        services.AddSingleton<ICollectionChunkingStore>(sp => new SqliteCollectionChunkingStore(databasePath(sp)));
        return services;
    }
}
