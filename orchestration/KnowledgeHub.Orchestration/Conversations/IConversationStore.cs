namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>
/// Where conversations, their turns and the feedback on answers are kept (SQLite or PostgreSQL, in the document
/// database: its schema is created by the document store's initialization). Every read and write is scoped to a
/// tenant: an id of another tenant's conversation or turn behaves as if it did not exist.
/// </summary>
public interface IConversationStore
{
    Task CreateAsync(Conversation conversation, CancellationToken cancellationToken = default);

    Task<Conversation?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>The tenant's conversations, most recently active first.</summary>
    Task<ConversationPage> ListAsync(string tenant, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes the conversation with its turns and their feedback; false when the tenant has no such conversation.</summary>
    Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retention, across every tenant: deletes up to <paramref name="limit"/> conversations last active before
    /// <paramref name="inactiveBefore"/>, oldest first, with their turns and feedback. The deleted turns' usage stays
    /// in the totals of <see cref="GetUsageAsync"/>.
    /// </summary>
    /// <param name="keepWithFeedback">Skip conversations with feedback on any turn (the data <c>export-sft</c> reads).</param>
    /// <returns>How many conversations were deleted; fewer than <paramref name="limit"/> means none are left.</returns>
    Task<int> DeleteInactiveAsync(DateTimeOffset inactiveBefore, bool keepWithFeedback, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a turn to its conversation (<see cref="RecordedTurn.Tenant"/> must own it): the store numbers it after the
    /// conversation's last turn and moves the conversation's activity time to <see cref="RecordedTurn.AnsweredAt"/>.
    /// </summary>
    /// <returns>The turn as stored, or null when the tenant has no such conversation.</returns>
    Task<RecordedTurn?> AddTurnAsync(RecordedTurn turn, CancellationToken cancellationToken = default);

    /// <summary>The conversation's turns in order; empty when the tenant has no such conversation.</summary>
    Task<IReadOnlyList<RecordedTurn>> GetTurnsAsync(string tenant, string conversationId, CancellationToken cancellationToken = default);

    Task<RecordedTurn?> GetTurnAsync(string tenant, string turnId, CancellationToken cancellationToken = default);

    /// <summary>Stores the feedback on a turn, replacing earlier feedback on it; false when the tenant has no such turn.</summary>
    Task<bool> SetFeedbackAsync(TurnFeedback feedback, CancellationToken cancellationToken = default);

    Task<TurnFeedback?> GetFeedbackAsync(string tenant, string turnId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Totals over the tenant's stored turns and those retention deleted, one row per collection asked (null:
    /// questions over all collections). A conversation deleted through <see cref="DeleteAsync"/> leaves the totals.
    /// </summary>
    /// <param name="collection">Only this collection; null for every collection.</param>
    Task<IReadOnlyList<CollectionUsage>> GetUsageAsync(string tenant, string? collection, CancellationToken cancellationToken = default);

    /// <summary>Turns whose feedback approves them (<see cref="TurnFeedback.Approves"/>), oldest first.</summary>
    /// <param name="collection">Only turns asked in this collection; null for all.</param>
    Task<IReadOnlyList<ApprovedTurn>> ListApprovedAsync(string tenant, string? collection, CancellationToken cancellationToken = default);
}
