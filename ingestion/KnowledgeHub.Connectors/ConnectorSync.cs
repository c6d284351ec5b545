using System.Security.Cryptography;
using System.Text;
using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Connectors;

/// <summary>
/// A sync run: the source's listing against what the connector indexed last time, turned into the ingestion operations
/// (a new item is uploaded with externalId = its uri, a changed one becomes a new version, a gone one is deleted, an
/// unchanged one costs nothing). One process holds a run at a time through the store's lease; each item is recorded
/// with its count as it is done, so a run taken over after a kill skips what was done and repeats nothing.
/// </summary>
public sealed class ConnectorSync(
    IConnectorStore store,
    DocumentService documents,
    IEnumerable<IConnectorSource> sources,
    IOptions<ConnectorsOptions> options,
    TimeProvider timeProvider,
    ILogger<ConnectorSync> logger)
{
    /// <summary>This process, as a lease owner.</summary>
    public static readonly string ProcessOwner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private const int ErrorLength = 1000;

    /// <summary>Starts a run of the connector, or returns the one already running (Created false).</summary>
    public Task<(ConnectorRun Run, bool Created)> RequestAsync(ConnectorRecord connector, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();

        // No owner yet: the job that runs it takes the lease. If the job is lost, the lease lapses and a resumer takes it.
        return store.StartRunAsync(
            new ConnectorRun
            {
                Id = "run_" + Guid.NewGuid().ToString("N"),
                ConnectorId = connector.Id,
                Tenant = connector.Tenant,
                StartedAt = now,
                LeaseUntil = now + options.Value.LeaseDuration,
            },
            cancellationToken);
    }

    /// <summary>Runs (or continues) the run to its end. Null when another process holds it; the run as it ended otherwise.</summary>
    public async Task<ConnectorRun?> RunAsync(string tenant, string runId, SyncHooks? hooks = null, CancellationToken cancellationToken = default)
    {
        hooks ??= SyncHooks.Queued;
        var run = await store.GetRunAsync(tenant, runId, cancellationToken) ?? throw new InvalidOperationException($"No connector run {runId}.");
        if (run.Status != ConnectorRunStatus.Running)
        {
            return run;
        }

        var lease = new Lease(store, runId, options.Value.LeaseDuration, timeProvider);
        if (!await lease.TakeAsync(cancellationToken))
        {
            ConnectorLog.RunHeldElsewhere(logger, runId);
            return null;
        }

        var connector = await store.GetAsync(tenant, run.ConnectorId, cancellationToken);
        if (connector is null)
        {
            await store.FinishRunAsync(runId, ProcessOwner, ConnectorRunStatus.Failed, "The connector was deleted.", timeProvider.GetUtcNow(), cancellationToken);
            return await store.GetRunAsync(tenant, runId, cancellationToken);
        }

        if (run.Owner is not null && run.Owner != ProcessOwner)
        {
            ConnectorLog.RunResumed(logger, runId, connector.Id);
        }

        ConnectorLog.RunStarted(logger, connector.Id, runId, connector.Kind);
        try
        {
            await SyncAsync(connector, runId, lease, hooks, cancellationToken);
        }
        catch (LeaseLostException)
        {
            ConnectorLog.LeaseLost(logger, runId);
            return null;
        }
        catch (Exception ex) when (IsSourceFailure(ex))
        {
            var reason = Shorten(Reason(ex));
            ConnectorLog.RunFailed(logger, connector.Id, runId, reason);
            await store.FinishRunAsync(runId, ProcessOwner, ConnectorRunStatus.Failed, reason, timeProvider.GetUtcNow(), CancellationToken.None);
            return await store.GetRunAsync(tenant, runId, CancellationToken.None);
        }

        await store.FinishRunAsync(runId, ProcessOwner, ConnectorRunStatus.Completed, null, timeProvider.GetUtcNow(), cancellationToken);
        var finished = await store.GetRunAsync(tenant, runId, cancellationToken);
        if (finished is not null)
        {
            ConnectorLog.RunCompleted(logger, connector.Id, runId, finished.Added, finished.Updated, finished.Deleted, finished.Unchanged, finished.Failed);
        }

        return finished;
    }

    /// <summary>The external id of an item: its uri, or for a uri longer than documents allow, a prefix and a hash of it.</summary>
    public static string ExternalId(string uri)
    {
        if (uri.Length <= DocumentService.MaxExternalIdLength)
        {
            return uri;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri)).AsSpan(0, 16));
        return uri[..(DocumentService.MaxExternalIdLength - hash.Length - 1)] + "#" + hash;
    }

    private async Task SyncAsync(ConnectorRecord connector, string runId, Lease lease, SyncHooks hooks, CancellationToken cancellationToken)
    {
        var source = sources.FirstOrDefault(s => s.Kind == connector.Kind)
            ?? throw new ConnectorSettingsException("kind", $"No source for connector kind '{ConnectorKinds.Text(connector.Kind)}' in this process.");
        var previous = await store.ListItemsAsync(connector.Id, cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unchanged = new List<string>();
        var counts = new SyncCounts(0, 0, 0, 0, 0);

        async Task FlushUnchangedAsync()
        {
            await store.MarkUnchangedAsync(runId, connector.Id, unchanged, cancellationToken);
            unchanged.Clear();
        }

        await foreach (var item in source.ListAsync(connector, previous, cancellationToken))
        {
            if (!seen.Add(item.Uri))
            {
                continue;
            }

            if (await lease.RenewIfDueAsync(cancellationToken))
            {
                await FlushUnchangedAsync();
            }

            previous.TryGetValue(item.Uri, out var before);
            if (before?.SeenRunId == runId)
            {
                // Done by this run before its process stopped; counted then.
                continue;
            }

            if (item.Error is not null)
            {
                ConnectorLog.ItemFailed(logger, connector.Id, runId, item.Uri, item.Error);
                await store.RecordAsync(
                    runId, before is null ? null : before with { SeenRunId = runId }, ItemOutcome.Failed, Error(runId, item.Uri, item.Error), cancellationToken);
                counts = counts with { Failed = counts.Failed + 1 };
            }
            else if (before is not null && (item.Unchanged || before.Token == item.Token))
            {
                unchanged.Add(item.Uri);
                counts = counts with { Unchanged = counts.Unchanged + 1 };
                if (unchanged.Count >= options.Value.UnchangedBatchSize)
                {
                    await FlushUnchangedAsync();
                }
            }
            else
            {
                var outcome = await UploadAsync(connector, runId, item, before, hooks, cancellationToken);
                counts = outcome switch
                {
                    ItemOutcome.Added => counts with { Added = counts.Added + 1 },
                    ItemOutcome.Updated => counts with { Updated = counts.Updated + 1 },
                    ItemOutcome.Unchanged => counts with { Unchanged = counts.Unchanged + 1 },
                    _ => counts with { Failed = counts.Failed + 1 },
                };
            }

            hooks.Progress?.Invoke(item.Uri, counts);
        }

        await FlushUnchangedAsync();

        // Only a listing that ran to its end may delete: what it did not list is gone from the source.
        foreach (var gone in previous.Values.Where(i => !seen.Contains(i.Uri)))
        {
            await lease.RenewIfDueAsync(cancellationToken);
            if (await store.CountItemsForDocumentAsync(gone.DocumentId, cancellationToken) <= 1)
            {
                await documents.DeleteAsync(connector.Tenant, gone.DocumentId, cancellationToken);
            }

            await store.RemoveItemAsync(runId, connector.Id, gone.Uri, cancellationToken);
            counts = counts with { Deleted = counts.Deleted + 1 };
            hooks.Progress?.Invoke(gone.Uri, counts);
        }
    }

    private async Task<ItemOutcome> UploadAsync(ConnectorRecord connector, string runId, SourceItem item, ConnectorItem? before, SyncHooks hooks, CancellationToken cancellationToken)
    {
        DocumentService.UploadResult result;
        try
        {
            if (item.Open is null)
            {
                throw new InvalidOperationException($"The source listed {item.Uri} as changed without a way to read it.");
            }

            await using var body = await item.Open(cancellationToken);
            result = await documents.UploadAsync(
                connector.Tenant, connector.Collection, item.FileName, item.ContentType, body, enqueue: hooks.Enqueue, externalId: ExternalId(item.Uri), cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (IsItemFailure(ex))
        {
            var reason = Shorten(Reason(ex));
            ConnectorLog.ItemFailed(logger, connector.Id, runId, item.Uri, reason);
            await store.RecordAsync(runId, before is null ? null : before with { SeenRunId = runId }, ItemOutcome.Failed, Error(runId, item.Uri, reason), cancellationToken);
            return ItemOutcome.Failed;
        }

        // The same bytes as the document already holds (a touched file, or a repeat after a kill): no new version.
        var outcome = before is null ? ItemOutcome.Added
            : result.Duplicate && result.Document.Id == before.DocumentId ? ItemOutcome.Unchanged
            : ItemOutcome.Updated;
        await store.RecordAsync(runId, new ConnectorItem(connector.Id, item.Uri, item.Token, result.Document.Id, item.State, runId), outcome, null, cancellationToken);
        if (!result.Duplicate && hooks.AfterUpload is { } after)
        {
            await after(result.Document, cancellationToken);
        }

        return outcome;
    }

    private ConnectorItemError Error(string runId, string uri, string reason) => new(runId, uri, Shorten(reason), timeProvider.GetUtcNow());

    /// <summary>The message that says why: an SSRF refusal inside the HTTP client's wrapper is the reason, not the wrapper.</summary>
    private static string Reason(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SsrfRefusedException refused)
            {
                return ex is SsrfRefusedException outer && !ReferenceEquals(outer, refused) ? outer.Message : refused.Message;
            }
        }

        return ex.Message;
    }

    private static string Shorten(string text) => text.Length <= ErrorLength ? text : text[..ErrorLength];

    private static bool IsItemFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or UploadTooLargeException or HttpRequestException or InvalidDataException or ArgumentException
            or LibGit2Sharp.LibGit2SharpException or TaskCanceledException { InnerException: TimeoutException }
        && ex is not OperationCanceledException { InnerException: not TimeoutException };

    private static bool IsSourceFailure(Exception ex) =>
        ex is ConnectorSettingsException or SsrfRefusedException or IOException or UnauthorizedAccessException or HttpRequestException
            or LibGit2Sharp.LibGit2SharpException or InvalidDataException or TaskCanceledException { InnerException: TimeoutException };

    private sealed class LeaseLostException : Exception
    {
        public LeaseLostException()
            : base("The run's lease was taken by another process.")
        {
        }
    }

    /// <summary>This process's hold on a run, renewed every third of its duration while items go by.</summary>
    private sealed class Lease(IConnectorStore store, string runId, TimeSpan duration, TimeProvider timeProvider)
    {
        private DateTimeOffset renewedAt;

        public async Task<bool> TakeAsync(CancellationToken cancellationToken)
        {
            var now = timeProvider.GetUtcNow();
            if (!await store.TryLeaseAsync(runId, ProcessOwner, now, now + duration, cancellationToken))
            {
                return false;
            }

            renewedAt = now;
            return true;
        }

        /// <summary>True when it renewed (a moment to write what is batched).</summary>
        public async Task<bool> RenewIfDueAsync(CancellationToken cancellationToken)
        {
            if (timeProvider.GetUtcNow() - renewedAt < duration / 3)
            {
                return false;
            }

            return await TakeAsync(cancellationToken) ? true : throw new LeaseLostException();
        }
    }
}
