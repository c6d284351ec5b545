using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Rescoring;

public static class RescoringServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="RescoringOptions"/> (validated at start, each per-collection entry too) and registers the chosen
    /// <see cref="IRescorer"/>; <paramref name="rescorer"/> null takes the default. With "none" and no per-collection
    /// entries no re-scorer is registered and <see cref="HybridRetriever"/> returns the fused order; with entries a
    /// <see cref="RescorerRouter"/> picks each search's re-scorer by its collection.
    /// </summary>
    /// <param name="secondEncoder">Creates the "encoder" re-scorer's model from <see cref="RescoringOptions.Model"/> and <see cref="RescoringOptions.Precision"/> (the host knows how to load one).</param>
    /// <param name="crossEncoder">Creates the "cross-encoder" re-scorer's model from <see cref="RescoringOptions.Model"/>.</param>
    /// <param name="perCollection">Whether the configuration has per-collection entries (<see cref="RescoringOptions.Collections"/>).</param>
    public static IServiceCollection AddRescoring(
        this IServiceCollection services,
        string? rescorer,
        Func<IServiceProvider, RescoringOptions, ITextEncoder>? secondEncoder = null,
        Func<IServiceProvider, RescoringOptions, ICrossEncoder>? crossEncoder = null,
        bool perCollection = false)
    {
        services.AddOptions<RescoringOptions>().BindConfiguration(RescoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RescoringOptions>, CollectionsValidator>();
        rescorer ??= new RescoringOptions().Rescorer;
        if (perCollection)
        {
            services.AddSingleton<IRescorer>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<RescoringOptions>>();
                var models = new SharedModels(sp, secondEncoder, crossEncoder);
                return new RescorerRouter(options, settings => Create(sp, settings, models));
            });
        }
        else if (!string.Equals(rescorer, RescoringOptions.None, StringComparison.Ordinal))
        {
            if (string.Equals(rescorer, RescoringOptions.Encoder, StringComparison.Ordinal))
            {
                ArgumentNullException.ThrowIfNull(secondEncoder);
            }
            else if (string.Equals(rescorer, RescoringOptions.CrossEncoder, StringComparison.Ordinal))
            {
                ArgumentNullException.ThrowIfNull(crossEncoder);
            }

            services.AddSingleton<IRescorer>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<RescoringOptions>>();
                return Create(sp, options.Value, new SharedModels(sp, secondEncoder, crossEncoder))!;
            });
        }

        return services;
    }

    private static IRescorer? Create(IServiceProvider services, RescoringOptions settings, SharedModels models)
    {
        var options = Options.Create(settings);
        return settings.Rescorer switch
        {
            RescoringOptions.Sentence => new SentenceRescorer(services.GetRequiredService<ITextEncoder>(), options),
            RescoringOptions.Encoder => new EncoderRescorer(models.SecondEncoder(settings), options),
            RescoringOptions.CrossEncoder => new CrossEncoderRescorer(models.CrossEncoder(settings), options),
            _ => null,
        };
    }

    /// <summary>Each model loaded once however many collections re-score with it (keyed by <see cref="RescoringOptions.Model"/>).</summary>
    private sealed class SharedModels(
        IServiceProvider services,
        Func<IServiceProvider, RescoringOptions, ITextEncoder>? secondEncoder,
        Func<IServiceProvider, RescoringOptions, ICrossEncoder>? crossEncoder)
    {
        private readonly ConcurrentDictionary<string, Lazy<ITextEncoder>> second = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<ICrossEncoder>> cross = new(StringComparer.Ordinal);

        public ITextEncoder SecondEncoder(RescoringOptions settings) => second.GetOrAdd(
            settings.Model ?? string.Empty,
            _ => new Lazy<ITextEncoder>(() => (secondEncoder ?? throw new InvalidOperationException("No second encoder factory was registered."))(services, settings))).Value;

        public ICrossEncoder CrossEncoder(RescoringOptions settings) => cross.GetOrAdd(
            settings.Model ?? string.Empty,
            _ => new Lazy<ICrossEncoder>(() => (crossEncoder ?? throw new InvalidOperationException("No cross-encoder factory was registered."))(services, settings))).Value;
    }

    /// <summary>Names each bad per-collection entry: attribute validation does not descend into the dictionary.</summary>
    private sealed class CollectionsValidator : IValidateOptions<RescoringOptions>
    {
        public ValidateOptionsResult Validate(string? name, RescoringOptions options)
        {
            var problems = new List<string>();
            foreach (var (collection, entry) in options.Collections)
            {
                var results = new List<ValidationResult>();
                Validator.TryValidateObject(entry, new ValidationContext(entry), results, validateAllProperties: true);
                problems.AddRange(results.Select(r => $"{RescoringOptions.Section}:Collections:{collection}: {r.ErrorMessage}"));
            }

            return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
        }
    }
}
