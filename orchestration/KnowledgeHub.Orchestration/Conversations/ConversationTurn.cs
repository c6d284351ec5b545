namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>One earlier exchange of a conversation, as the follow-up rewriter reads it.</summary>
/// <param name="Question">What the user asked, as typed.</param>
/// <param name="Answer">What the assistant answered.</param>
/// <param name="StandaloneQuery">The question as rewritten for retrieval; null when unknown (then <paramref name="Question"/> stands in).</param>
public sealed record ConversationTurn(string Question, string Answer, string? StandaloneQuery = null)
{
    /// <summary>The turn's question as retrieval saw it.</summary>
    public string Query => string.IsNullOrWhiteSpace(StandaloneQuery) ? Question : StandaloneQuery;
}
