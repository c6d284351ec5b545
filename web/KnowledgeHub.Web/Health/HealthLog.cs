namespace KnowledgeHub.Web.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Health check {Check} failed")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string check);
}
