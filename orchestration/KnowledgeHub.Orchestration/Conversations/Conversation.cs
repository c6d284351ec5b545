namespace KnowledgeHub.Orchestration.Conversations;

/// <param name="Collection">The collection its questions search by default; null searches all of the tenant's collections.</param>
/// <param name="UpdatedAt">When its latest turn was answered (its creation time before that).</param>
/// <param name="TurnCount">Turns stored so far.</param>
public sealed record Conversation(string Id, string Tenant, string? Collection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int TurnCount = 0);

/// <param name="Total">Conversations the tenant has in all, not only on this page.</param>
public sealed record ConversationPage(IReadOnlyList<Conversation> Items, int Total);
