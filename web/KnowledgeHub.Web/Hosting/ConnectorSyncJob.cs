using Hangfire;
using KnowledgeHub.Connectors;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// The Hangfire jobs of connectors: a requested run, and a scheduled connector's recurring start. The store's lease,
/// not Hangfire, keeps one run per connector across workers and replicas; a job that finds the run held elsewhere
/// checks again when the lease would lapse, so a run whose process died is taken over.
/// </summary>
public sealed class ConnectorSyncJob(IConnectorStore store, ConnectorSync sync, ConnectorScheduler scheduler, TimeProvider timeProvider)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [10, 30, 60, 300, 600])]
    [JobDisplayName("Sync connector run {1}")]
    public async Task RunAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var ended = await sync.RunAsync(tenant, runId, SyncHooks.Queued, cancellationToken);
        if (ended is null && await store.GetRunAsync(tenant, runId, cancellationToken) is { Status: ConnectorRunStatus.Running } held)
        {
            var wait = (held.LeaseUntil ?? timeProvider.GetUtcNow()) - timeProvider.GetUtcNow();
            scheduler.Enqueue(tenant, runId, wait > TimeSpan.Zero ? wait + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1));
        }
    }

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Scheduled sync of connector {1}")]
    public async Task ScheduledAsync(string tenant, string connectorId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenant, connectorId, cancellationToken) is not { } connector)
        {
            scheduler.Unschedule(connectorId);
            return;
        }

        var (run, _) = await sync.RequestAsync(connector, cancellationToken);
        await RunAsync(tenant, run.Id, cancellationToken);
    }
}
