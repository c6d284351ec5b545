using KnowledgeHub.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

public static class QdrantServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Qdrant index as <see cref="ISearchIndex"/> (and <see cref="QdrantCollections"/> for the
    /// reindex verb) for the registered <see cref="ITextEncoder"/>. The host binds and validates
    /// <see cref="QdrantIndexOptions"/>; the model's collection and alias are created on first use.
    /// </summary>
    public static IServiceCollection AddQdrantIndex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Owned by the container, so its channel is disposed with it.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<QdrantIndexOptions>>().Value;
            return new QdrantGrpcClient(new Uri(options.Url!), string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey);
        });
        services.AddSingleton(sp => new QdrantCalls(
            sp.GetRequiredService<QdrantGrpcClient>(),
            sp.GetRequiredService<IOptions<QdrantIndexOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            Logger(sp)));
        services.AddSingleton(sp => new QdrantCollections(
            sp.GetRequiredService<QdrantCalls>(),
            sp.GetRequiredService<IOptions<QdrantIndexOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            Logger(sp)));
        services.AddSingleton(sp =>
        {
            var encoder = sp.GetRequiredService<ITextEncoder>();
            var collections = sp.GetRequiredService<QdrantCollections>();
            var options = sp.GetRequiredService<IOptions<QdrantIndexOptions>>().Value;
            return new QdrantSearchIndex(
                sp.GetRequiredService<QdrantCalls>(),
                collections,
                collections.AliasFor(encoder.ModelId),
                encoder.ModelId,
                encoder.Dimensions,
                options,
                Logger(sp),
                ct => collections.EnsureServingAsync(encoder.ModelId, encoder.Dimensions, ct));
        });
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<QdrantSearchIndex>());
        return services;
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("KnowledgeHub.Infra.Qdrant") ?? NullLogger.Instance;
}
