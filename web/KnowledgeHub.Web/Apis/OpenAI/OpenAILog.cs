namespace KnowledgeHub.Web.Apis.OpenAI;

internal static partial class OpenAILog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Error, Message = "A streamed chat completion for model {Model} failed after the stream had started; the client got an error event")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string model);
}
