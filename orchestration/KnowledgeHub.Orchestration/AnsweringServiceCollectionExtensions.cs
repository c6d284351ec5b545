using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Orchestration.Grounding;
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
    /// an <c>IChatClient</c>; without one, answers are extractive. The registered <c>ITextEncoder</c> also judges relevance and
    /// sentence support when <see cref="AnswerOptions.Encoders"/> holds a calibration for its model id.
    /// </summary>
    public static IServiceCollection AddAnswering(this IServiceCollection services)
    {
        services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Encoders.Values.All(c => c.IsConsistent),
                $"Every {AnswerOptions.SectionName}:Encoders entry needs TypicalAnswerSimilarity above MinQuestionSimilarity and SupportingSentenceSimilarity above UnrelatedSentenceSimilarity.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PromptLibrary>();
        services.TryAddSingleton<ExtractiveAnswerer>();
        services.TryAddSingleton<CitationMapper>();
        services.TryAddSingleton<EvidenceEmbedder>();
        services.TryAddSingleton<SentenceVerifier>();
        services.TryAddSingleton<AnswerMetrics>();
        services.TryAddSingleton<AnswerService>();
        services.TryAddSingleton<FollowUpRewriter>();
        return services;
    }
}
