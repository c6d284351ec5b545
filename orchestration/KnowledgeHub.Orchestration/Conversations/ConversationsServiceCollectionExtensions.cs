using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeHub.Orchestration.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConversationService"/> on top of <see cref="AnsweringServiceCollectionExtensions.AddAnswering"/>
    /// (which registers the <see cref="FollowUpRewriter"/>). The host registers the <see cref="IConversationStore"/>
    /// (the SQLite or PostgreSQL adapter, next to the document store). <see cref="ConversationRetention"/> and its options
    /// (section "KnowledgeHub:Conversations", validated at start) are registered here; the host schedules it.
    /// </summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddAnswering();
        services.AddOptions<ConversationRetentionOptions>()
            .BindConfiguration(ConversationRetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ConversationService>();
        services.TryAddSingleton<ConversationRetention>();
        return services;
    }
}
