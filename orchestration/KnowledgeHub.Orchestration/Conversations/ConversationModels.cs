using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Conversations;

/// <param name="ConversationId">The conversation to continue; null starts a new one.</param>
/// <param name="Collection">The collection to search; null uses the conversation's (all collections for a new one without).</param>
public sealed record ConversationRequest(string Question, string Tenant, string? ConversationId = null, string? Collection = null, int? MaxTokens = null)
{
    /// <summary>What retrieval may read beyond tenant and collection (see <see cref="AskRequest.Filter"/>).</summary>
    public SearchFilter? Filter { get; init; }
}

/// <summary>A conversation's next question, ready to be answered (see <see cref="ConversationService.StartAsync"/>).</summary>
/// <param name="IsNew">The conversation is created when its first answer is stored.</param>
public sealed record ConversationContext(Conversation Conversation, IReadOnlyList<ConversationTurn> History, bool IsNew);

/// <summary>The answer to a conversation's question and the turn that records it.</summary>
public sealed record ConversationAnswer(Conversation Conversation, RecordedTurn Turn, Answer Answer);

/// <summary>A streamed piece: text deltas, then one final update with the recorded answer.</summary>
public sealed record ConversationUpdate(string? Delta, ConversationAnswer? Final);
