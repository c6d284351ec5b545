namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>One stored question and its answer.</summary>
/// <param name="Ordinal">1-based place in the conversation; assigned by <see cref="IConversationStore.AddTurnAsync"/>.</param>
/// <param name="Collection">The collection searched; null for all collections.</param>
/// <param name="StandaloneQuery">The question as rewritten for retrieval (<see cref="FollowUpRewriter"/>).</param>
/// <param name="CitationsJson">The answer's citations as a JSON array of <see cref="Citation"/> (camelCase).</param>
/// <param name="Generator">"extractive" or the decoder's model id.</param>
public sealed record RecordedTurn(
    string Id,
    string ConversationId,
    string Tenant,
    int Ordinal,
    string? Collection,
    string Question,
    string StandaloneQuery,
    string Answer,
    string CitationsJson,
    bool Found,
    bool Grounded,
    string Generator,
    string? PromptVersion,
    AnswerUsage Usage,
    DateTimeOffset AskedAt,
    DateTimeOffset AnsweredAt)
{
    public ConversationTurn ToHistory() => new(Question, Answer, StandaloneQuery);
}
