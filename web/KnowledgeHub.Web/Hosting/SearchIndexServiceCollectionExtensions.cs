using KnowledgeHub.Infra.Qdrant;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;

namespace KnowledgeHub.Web.Hosting;

public static class SearchIndexServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="ISearchIndex"/> that KnowledgeHub:Index:Provider names: the embedded index in
    /// &lt;data&gt;/index/&lt;model&gt;, or Qdrant (KnowledgeHub:Index:Qdrant), each validated at start.
    /// </summary>
    public static IServiceCollection AddSearchIndex(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IndexOptions>().BindConfiguration(IndexOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (IndexOptions.From(configuration).IsQdrant)
        {
            services.AddOptions<QdrantIndexOptions>().BindConfiguration(QdrantIndexOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            services.AddQdrantIndex();
        }
        else
        {
            services.AddEmbeddedIndex(sp => sp.GetRequiredService<DataPaths>().IndexFor(sp.GetRequiredService<ITextEncoder>().ModelId));
        }

        return services;
    }
}
