using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

public static class RescoringServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RescoringOptions"/> (validated at start) and registers the chosen <see cref="IRescorer"/>;
    /// <paramref name="rescorer"/> null takes the default. With "none" no re-scorer is registered and <see cref="HybridRetriever"/> returns the fused order.
    /// </summary>
    /// <param name="secondEncoder">Creates the "encoder" re-scorer's model from <see cref="RescoringOptions.Model"/> and <see cref="RescoringOptions.Precision"/> (the host knows how to load one).</param>
    /// <param name="crossEncoder">Creates the "cross-encoder" re-scorer's model from <see cref="RescoringOptions.Model"/>.</param>
    public static IServiceCollection AddRescoring(
        this IServiceCollection services,
        string? rescorer,
        Func<IServiceProvider, RescoringOptions, ITextEncoder>? secondEncoder = null,
        Func<IServiceProvider, RescoringOptions, ICrossEncoder>? crossEncoder = null)
    {
        services.AddOptions<RescoringOptions>().BindConfiguration(RescoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        rescorer ??= new RescoringOptions().Rescorer;
        if (string.Equals(rescorer, RescoringOptions.Sentence, StringComparison.Ordinal))
        {
            services.AddSingleton<IRescorer>(sp => new SentenceRescorer(sp.GetRequiredService<ITextEncoder>(), sp.GetRequiredService<IOptions<RescoringOptions>>()));
        }
        else if (string.Equals(rescorer, RescoringOptions.Encoder, StringComparison.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(secondEncoder);
            services.AddSingleton<IRescorer>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<RescoringOptions>>();
                return new EncoderRescorer(secondEncoder(sp, options.Value), options);
            });
        }
        else if (string.Equals(rescorer, RescoringOptions.CrossEncoder, StringComparison.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(crossEncoder);
            services.AddSingleton<IRescorer>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<RescoringOptions>>();
                return new CrossEncoderRescorer(crossEncoder(sp, options.Value), options);
            });
        }

        return services;
    }
}
