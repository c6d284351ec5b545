namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>Totals over the stored answers of one collection.</summary>
/// <param name="Collection">Null for questions that searched all collections.</param>
public sealed record CollectionUsage(string? Collection, int Answers, long PromptTokens, long CompletionTokens, double RetrievalMs, double GenerationMs);
