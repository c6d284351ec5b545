using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Prompts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeHub.Orchestration;

public static class AnsweringServiceCollectionExtensions
{
    /// <summary>
    /// Registers the answer step: <see cref="AnswerService"/>, <see cref="PromptLibrary"/>, <see cref="ExtractiveAnswerer"/>,
    /// <see cref="CitationMapper"/> and <see cref="AnswerOptions"/> (section "KnowledgeHub:Answer", validated at start).
    /// The host registers <c>HybridRetriever</c>, <c>ITextEncoder</c>, <c>ISearchIndex</c> and, when a model is configured,
    /// an <c>IChatClient</c>; without one, answers are extractive.
    /// </summary>
    public static IServiceCollection AddAnswering(this IServiceCollection services)
    {
        services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PromptLibrary>();
        services.TryAddSingleton<ExtractiveAnswerer>();
        services.TryAddSingleton<CitationMapper>();
        services.TryAddSingleton<AnswerService>();
        return services;
    }
}
