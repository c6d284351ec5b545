using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

public static class RescoringServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RescoringOptions"/> (validated at start) and registers the chosen <see cref="IRescorer"/>;
    /// with "none" no re-scorer is registered and <see cref="HybridRetriever"/> returns the fused order.
    /// </summary>
    public static IServiceCollection AddRescoring(this IServiceCollection services, string? rescorer)
    {
        services.AddOptions<RescoringOptions>().BindConfiguration(RescoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (string.Equals(rescorer, "sentence", StringComparison.Ordinal))
        {
            services.AddSingleton<IRescorer>(sp => new SentenceRescorer(sp.GetRequiredService<ITextEncoder>(), sp.GetRequiredService<IOptions<RescoringOptions>>()));
        }

        return services;
    }
}
