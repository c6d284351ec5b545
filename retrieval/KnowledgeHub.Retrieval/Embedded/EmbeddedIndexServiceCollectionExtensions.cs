using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Retrieval.Embedded;

public static class EmbeddedIndexServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmbeddedIndex"/> (and <see cref="ISearchIndex"/>) as a singleton opened on first use
    /// in the folder <paramref name="folder"/> returns, built for the registered <see cref="ITextEncoder"/>.
    /// Give each encoder its own folder (for example <c>&lt;data&gt;/index/&lt;modelId&gt;</c>): a folder built
    /// by another model is refused.
    /// </summary>
    public static IServiceCollection AddEmbeddedIndex(this IServiceCollection services, Func<IServiceProvider, string> folder)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(folder);
        services.AddSingleton(sp =>
        {
            var encoder = sp.GetRequiredService<ITextEncoder>();
            return EmbeddedIndex.Open(folder(sp), encoder.ModelId, encoder.Dimensions, sp.GetService<ILogger<EmbeddedIndex>>());
        });
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<EmbeddedIndex>());
        return services;
    }
}
