namespace KnowledgeHub.Web.Hosting;

internal static partial class WebConnectorLog
{
    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Connector run {RunId} of connector {ConnectorId} was running at start; queued to continue")]
    public static partial void RunRequeued(ILogger logger, string runId, string connectorId);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "Watching folder {Path} for connector {ConnectorId}")]
    public static partial void WatchStarted(ILogger logger, string connectorId, string path);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Information, Message = "Stopped watching the folder of connector {ConnectorId}")]
    public static partial void WatchStopped(ILogger logger, string connectorId);

    [LoggerMessage(EventId = 8204, Level = LogLevel.Warning, Message = "Cannot watch folder {Path} of connector {ConnectorId}: {Reason}; its schedule still syncs it")]
    public static partial void WatchFailed(ILogger logger, string connectorId, string path, string reason);

    [LoggerMessage(EventId = 8205, Level = LogLevel.Warning, Message = "Folder connector {ConnectorId} is not watched: {Reason}")]
    public static partial void WatchRefused(ILogger logger, string connectorId, string reason);

    [LoggerMessage(EventId = 8206, Level = LogLevel.Information, Message = "A change in the watched folder of connector {ConnectorId} started run {RunId}")]
    public static partial void WatchSyncStarted(ILogger logger, string connectorId, string runId);

    [LoggerMessage(EventId = 8207, Level = LogLevel.Warning, Message = "A change in the watched folder of connector {ConnectorId} could not start a run; trying again")]
    public static partial void WatchSyncFailed(ILogger logger, string connectorId, Exception exception);

    [LoggerMessage(EventId = 8208, Level = LogLevel.Warning, Message = "Folder watching could not list the connectors; trying again at the next refresh")]
    public static partial void WatchListFailed(ILogger logger, Exception exception);
}
