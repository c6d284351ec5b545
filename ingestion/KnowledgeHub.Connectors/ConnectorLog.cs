using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Connectors;

internal static partial class ConnectorLog
{
    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Connector {ConnectorId} run {RunId} started ({Kind})")]
    public static partial void RunStarted(ILogger logger, string connectorId, string runId, ConnectorKind kind);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Connector {ConnectorId} run {RunId} completed: {Added} added, {Updated} updated, {Deleted} deleted, {Unchanged} unchanged, {Failed} failed")]
    public static partial void RunCompleted(ILogger logger, string connectorId, string runId, int added, int updated, int deleted, int unchanged, int failed);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "Connector {ConnectorId} run {RunId} failed: {Reason}")]
    public static partial void RunFailed(ILogger logger, string connectorId, string runId, string reason);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Connector {ConnectorId} run {RunId}: item {Uri} failed: {Reason}")]
    public static partial void ItemFailed(ILogger logger, string connectorId, string runId, string uri, string reason);

    [LoggerMessage(EventId = 8105, Level = LogLevel.Information, Message = "Connector run {RunId} is held by another process; this one leaves it")]
    public static partial void RunHeldElsewhere(ILogger logger, string runId);

    [LoggerMessage(EventId = 8106, Level = LogLevel.Warning, Message = "Connector run {RunId} lost its lease; another process continues it")]
    public static partial void LeaseLost(ILogger logger, string runId);

    [LoggerMessage(EventId = 8107, Level = LogLevel.Information, Message = "Connector run {RunId} of connector {ConnectorId} continues after its process stopped")]
    public static partial void RunResumed(ILogger logger, string runId, string connectorId);

    [LoggerMessage(EventId = 8108, Level = LogLevel.Debug, Message = "Crawl skipped {Uri}: {Reason}")]
    public static partial void CrawlSkipped(ILogger logger, Uri uri, string reason);
}
