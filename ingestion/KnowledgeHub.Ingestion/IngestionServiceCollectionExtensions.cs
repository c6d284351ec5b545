using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>Parsers, chunker, pipeline and document service. The host adds the store, encoder, index and the job queue (<see cref="IIngestionQueue"/>).</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services, Func<IServiceProvider, string> originalsFolder)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChunkingOptions>().BindConfiguration(ChunkingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChunkingOptions>, ChunkingOptionsValidator>();
        services.AddSingleton(sp => new ChunkingSettings(sp.GetRequiredService<IOptions<ChunkingOptions>>(), sp.GetService<ICollectionChunkingStore>()));
        services.AddSingleton<CollectionRechunker>();
        services.AddDocumentParsers();
        services.AddSingleton(sp => new ContentStore(originalsFolder(sp)));
        services.AddSingleton(sp => new TextChunker(sp.GetRequiredService<ITextEncoder>().CountTokens, sp.GetRequiredService<IOptions<ChunkingOptions>>().Value));
        services.AddSingleton<EmbeddingBatcher>();
        services.AddSingleton<ChunkEmbedder>();
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<IngestionRuns>();
        services.AddSingleton<IngestionBacklog>();
        services.AddSingleton<DocumentService>();
        services.AddSingleton<ChunkCorrector>();
        services.AddSingleton<MetadataKeys>();

        // Writes the index in-process; a host whose process must not open the index registers VersionIndexer.HandingOff instead.
        services.AddSingleton<IndexWriteGroup>();
        services.AddSingleton<VersionIndexer>();
        return services;
    }
}
