namespace KnowledgeHub.Connectors;

/// <summary>
/// The seam to the database that holds connectors, their runs and the items they indexed (SQLite, PostgreSQL), in the
/// database of the documents. Every count change is written in the same transaction as the item it counts, so a run
/// that is killed and taken over neither loses nor repeats a count.
/// </summary>
public interface IConnectorStore
{
    Task AddAsync(ConnectorRecord connector, CancellationToken cancellationToken = default);

    Task<ConnectorRecord?> GetAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>The tenant's connectors, oldest first; every tenant's when <paramref name="tenant"/> is null.</summary>
    Task<IReadOnlyList<ConnectorRecord>> ListAsync(string? tenant, CancellationToken cancellationToken = default);

    /// <summary>Removes the connector with its runs, errors and items (not its documents); false when the tenant has no such connector.</summary>
    Task<bool> DeleteAsync(string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="run"/> unless the connector already has a running run, which is returned instead. Atomic for
    /// every process on the store: two requests at once get the same run.
    /// </summary>
    Task<(ConnectorRun Run, bool Created)> StartRunAsync(ConnectorRun run, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or renews the lease of a running run for <paramref name="owner"/> until <paramref name="until"/>: granted
    /// when the run has no owner, is the owner's already, or its lease ended before <paramref name="now"/>.
    /// </summary>
    Task<bool> TryLeaseAsync(string runId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Ends the run (completed or failed) if <paramref name="owner"/> still holds it.</summary>
    Task<bool> FinishRunAsync(string runId, string owner, ConnectorRunStatus status, string? error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default);

    Task<ConnectorRun?> GetRunAsync(string tenant, string runId, CancellationToken cancellationToken = default);

    /// <summary>The connector's runs, newest first.</summary>
    Task<IReadOnlyList<ConnectorRun>> ListRunsAsync(string tenant, string connectorId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every tenant's running runs, for the host that resumes runs whose process died.</summary>
    Task<IReadOnlyList<ConnectorRun>> ListRunningAsync(CancellationToken cancellationToken = default);

    /// <summary>The connector's items by uri.</summary>
    Task<IReadOnlyDictionary<string, ConnectorItem>> ListItemsAsync(string connectorId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records what the run did with one item and counts it, in one transaction: the item (inserted or replaced) unless
    /// <paramref name="item"/> is null, the count of <paramref name="outcome"/>, and the error of a failed item.
    /// </summary>
    Task RecordAsync(string runId, ConnectorItem? item, ItemOutcome outcome, ConnectorItemError? error, CancellationToken cancellationToken = default);

    /// <summary>Marks items seen by the run without any change and counts them unchanged, in one transaction.</summary>
    Task MarkUnchangedAsync(string runId, string connectorId, IReadOnlyCollection<string> uris, CancellationToken cancellationToken = default);

    /// <summary>Removes an item that left the source and counts it deleted, in one transaction.</summary>
    Task RemoveItemAsync(string runId, string connectorId, string uri, CancellationToken cancellationToken = default);

    /// <summary>How many items, of any connector, became this document.</summary>
    Task<int> CountItemsForDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>The item that became the document, if a connector brought it in.</summary>
    Task<ConnectorItem?> FindItemByDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>The run's item errors, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ConnectorItemError>> ListErrorsAsync(string runId, int limit, CancellationToken cancellationToken = default);
}
