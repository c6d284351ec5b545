using System.Data.Common;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;

namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// Row readers for the conversation tables as every relational store selects them, so SQLite and PostgreSQL map rows
/// the same way; only timestamps (and how a boolean is stored) differ by database.
/// </summary>
public static class ConversationRows
{
    public const string FeedbackColumns = "f.turn_id, f.tenant, f.rating, f.corrected_answer, f.comment, f.created_at";

    public static Conversation ReadConversation(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> readTime) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        readTime(r, 3),
        readTime(r, 4),
        r.GetInt32(5));

    /// <summary>A turn selected with the stores' turn columns (id ... answered_at, 19 columns).</summary>
    public static RecordedTurn ReadTurn(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> readTime) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetInt32(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.GetString(8),

        // SQLite keeps booleans as integers, PostgreSQL as booleans.
        Convert.ToBoolean(r.GetValue(9), System.Globalization.CultureInfo.InvariantCulture),
        Convert.ToBoolean(r.GetValue(10), System.Globalization.CultureInfo.InvariantCulture),
        r.GetString(11),
        r.IsDBNull(12) ? null : r.GetString(12),
        new AnswerUsage(r.GetInt32(13), r.GetInt32(14), r.GetDouble(15), r.GetDouble(16)),
        readTime(r, 17),
        readTime(r, 18));

    /// <summary>Feedback selected with <see cref="FeedbackColumns"/> starting at column <paramref name="first"/>.</summary>
    public static TurnFeedback ReadFeedback(DbDataReader r, int first, Func<DbDataReader, int, DateTimeOffset> readTime) => new(
        r.GetString(first),
        r.GetString(first + 1),
        FeedbackRatings.Parse(r.GetString(first + 2)),
        r.IsDBNull(first + 3) ? null : r.GetString(first + 3),
        r.IsDBNull(first + 4) ? null : r.GetString(first + 4),
        readTime(r, first + 5));

    /// <summary>One row of the usage totals query: collection, answers, prompt and completion tokens, retrieval and generation ms.</summary>
    public static CollectionUsage ReadUsage(DbDataReader r) => new(
        r.IsDBNull(0) ? null : r.GetString(0),
        r.GetInt32(1),
        r.GetInt64(2),
        r.GetInt64(3),
        r.GetDouble(4),
        r.GetDouble(5));
}
