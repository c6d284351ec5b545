using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Orchestration.Conversations;

internal static partial class ConversationLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Rewrote a follow-up into a standalone query with the {Method}")]
    public static partial void Rewritten(ILogger logger, string method);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "The decoder could not rewrite a follow-up; using the heuristic")]
    public static partial void RewriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "The decoder's rewrite of a follow-up was empty or too long; using the heuristic")]
    public static partial void RewriteUnusable(ILogger logger);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "Stored turn {Ordinal} of conversation {ConversationId}")]
    public static partial void TurnStored(ILogger logger, string conversationId, int ordinal);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "Retention deleted {Count} conversations inactive since before {Cutoff:O}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset cutoff);
}
