namespace KnowledgeHub.Web.Hosting;

internal static partial class WebConnectorLog
{
    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Connector run {RunId} of connector {ConnectorId} was running at start; queued to continue")]
    public static partial void RunRequeued(ILogger logger, string runId, string connectorId);
}
