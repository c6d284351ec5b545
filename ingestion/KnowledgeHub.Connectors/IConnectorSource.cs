namespace KnowledgeHub.Connectors;

/// <summary>
/// Lists a connector's items. Throwing fails the run before anything is deleted (a share that is gone must not empty
/// the collection); an item that fails alone is listed with its error.
/// </summary>
public interface IConnectorSource
{
    ConnectorKind Kind { get; }

    /// <param name="previous">What the connector indexed last time, by uri (for conditional requests and diffs).</param>
    IAsyncEnumerable<SourceItem> ListAsync(ConnectorRecord connector, IReadOnlyDictionary<string, ConnectorItem> previous, CancellationToken cancellationToken);
}
