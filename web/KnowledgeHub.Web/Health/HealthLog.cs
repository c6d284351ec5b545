namespace KnowledgeHub.Web.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Health check {Check} failed")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string check);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "{Description}")]
    public static partial void OcrOn(ILogger logger, string description);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "{Description}")]
    public static partial void OcrOff(ILogger logger, string description);
}
