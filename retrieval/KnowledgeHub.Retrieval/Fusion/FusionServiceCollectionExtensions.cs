using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Fusion;

public static class FusionServiceCollectionExtensions
{
    /// <summary>Binds <see cref="FusionOptions"/>, every per-collection entry validated at start like the defaults.</summary>
    public static IServiceCollection AddFusion(this IServiceCollection services)
    {
        services.AddOptions<FusionOptions>()
            .BindConfiguration(FusionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FusionOptions>, FusionOptionsValidator>();
        return services;
    }

    internal static List<string> Problems(FusionOptions options)
    {
        var problems = options.Problems(FusionOptions.Section).ToList();
        foreach (var (name, settings) in options.Collections)
        {
            var path = $"{FusionOptions.Section}:Collections:{name}";
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
            problems.AddRange(results.Select(r => $"{path}: {r.ErrorMessage}"));
            problems.AddRange(settings.Problems(path));
        }

        return problems;
    }

    /// <summary>Names each bad per-collection entry: attribute validation of the options does not descend into the dictionary.</summary>
    internal sealed class FusionOptionsValidator : IValidateOptions<FusionOptions>
    {
        public ValidateOptionsResult Validate(string? name, FusionOptions options) =>
            Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
