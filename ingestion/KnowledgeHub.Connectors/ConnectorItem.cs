namespace KnowledgeHub.Connectors;

/// <summary>
/// What a connector indexed for one item of its source the last time it saw it: the change token it had then (size
/// and mtime, ETag, blob id...), the document it became, and the connector's own notes (a page's links, a commit).
/// </summary>
/// <param name="SeenRunId">The run that last saw the item; a run deletes, at its end, the items it did not see.</param>
public sealed record ConnectorItem(string ConnectorId, string Uri, string Token, string DocumentId, string? State, string SeenRunId);
