using KnowledgeHub.Orchestration.Conversations;

namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// Recording a turn as every relational store does it, in one transaction: bump the conversation's turn count (its row
/// lock numbers concurrent turns one after another), then insert the turn with that number as its ordinal.
/// </summary>
public static class TurnStatements
{
    private static readonly string[] InsertNames =
    [
        "id", "conversation_id", "tenant", "ordinal", "collection", "question", "standalone_query", "answer", "citations", "found",
        "grounded", "generator", "prompt_version", "prompt_tokens", "completion_tokens", "retrieval_ms", "generation_ms", "asked_at", "answered_at",
    ];

    /// <summary>The turn columns <see cref="ConversationRows.ReadTurn"/> reads, from the table aliased <c>t</c>.</summary>
    public static string Columns(SqlDialect dialect) =>
        "t.id, t.conversation_id, t.tenant, t.ordinal, t.collection, t.question, t.standalone_query, t.answer, "
        + dialect.JsonAsText("t.citations")
        + ", t.found, t.grounded, t.generator, t.prompt_version, t.prompt_tokens, t.completion_tokens, t.retrieval_ms, t.generation_ms, t.asked_at, t.answered_at";

    /// <summary>Counts one more turn; returns the new count, or no row when the conversation is not the tenant's.</summary>
    public static string BumpTurnCount(SqlDialect dialect) =>
        $"UPDATE conversations SET turn_count = turn_count + 1, updated_at = {dialect.Parameter("updated_at")} "
        + $"WHERE id = {dialect.Parameter("id")} AND tenant = {dialect.Parameter("tenant")} RETURNING turn_count;";

    public static IReadOnlyList<SqlArgument> BumpArguments(RecordedTurn turn) =>
    [
        SqlArgument.Text("id", turn.ConversationId),
        SqlArgument.Text("tenant", turn.Tenant),
        SqlArgument.Timestamp("updated_at", turn.AnsweredAt),
    ];

    public static string Insert(SqlDialect dialect) =>
        $"INSERT INTO conversation_turns ({string.Join(", ", InsertNames)}) VALUES ({dialect.Parameters(InsertNames)});";

    /// <summary>The arguments of <see cref="Insert"/> for a turn that already carries its ordinal.</summary>
    public static IReadOnlyList<SqlArgument> InsertArguments(RecordedTurn turn) =>
    [
        SqlArgument.Text("id", turn.Id),
        SqlArgument.Text("conversation_id", turn.ConversationId),
        SqlArgument.Text("tenant", turn.Tenant),
        SqlArgument.Number("ordinal", turn.Ordinal),
        SqlArgument.Text("collection", turn.Collection),
        SqlArgument.Text("question", turn.Question),
        SqlArgument.Text("standalone_query", turn.StandaloneQuery),
        SqlArgument.Text("answer", turn.Answer),
        SqlArgument.Json("citations", turn.CitationsJson),
        SqlArgument.Boolean("found", turn.Found),
        SqlArgument.Boolean("grounded", turn.Grounded),
        SqlArgument.Text("generator", turn.Generator),
        SqlArgument.Text("prompt_version", turn.PromptVersion),
        SqlArgument.Number("prompt_tokens", turn.Usage.PromptTokens),
        SqlArgument.Number("completion_tokens", turn.Usage.CompletionTokens),
        SqlArgument.Real("retrieval_ms", turn.Usage.RetrievalMs),
        SqlArgument.Real("generation_ms", turn.Usage.GenerationMs),
        SqlArgument.Timestamp("asked_at", turn.AskedAt),
        SqlArgument.Timestamp("answered_at", turn.AnsweredAt),
    ];

    /// <summary>Sets a turn's feedback (replacing earlier feedback); affects no row when the turn is not the tenant's.</summary>
    public static string UpsertFeedback(SqlDialect dialect) => $"""
        INSERT INTO turn_feedback (turn_id, tenant, rating, corrected_answer, comment, created_at)
        SELECT id, tenant, {dialect.Parameters(["rating", "corrected_answer", "comment", "created_at"])} FROM conversation_turns
        WHERE id = {dialect.Parameter("turn_id")} AND tenant = {dialect.Parameter("tenant")}
        ON CONFLICT (turn_id) DO UPDATE SET rating = excluded.rating, corrected_answer = excluded.corrected_answer,
            comment = excluded.comment, created_at = excluded.created_at;
        """;

    public static IReadOnlyList<SqlArgument> FeedbackArguments(TurnFeedback feedback) =>
    [
        SqlArgument.Text("turn_id", feedback.TurnId),
        SqlArgument.Text("tenant", feedback.Tenant),
        SqlArgument.Text("rating", FeedbackRatings.Text(feedback.Rating)),
        SqlArgument.Text("corrected_answer", feedback.CorrectedAnswer),
        SqlArgument.Text("comment", feedback.Comment),
        SqlArgument.Timestamp("created_at", feedback.CreatedAt),
    ];
}
