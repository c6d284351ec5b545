namespace KnowledgeHub.Connectors;

/// <summary>An item a run could not read or upload, and why.</summary>
public sealed record ConnectorItemError(string RunId, string Uri, string Error, DateTimeOffset At);
