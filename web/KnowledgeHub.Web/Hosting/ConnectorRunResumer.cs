using KnowledgeHub.Connectors;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// At start: every scheduled connector's recurring job is (re)registered (an in-memory job store forgets them), and every
/// run still marked running is queued again for when its lease lapses, so a run whose process was killed continues.
/// </summary>
internal sealed class ConnectorRunResumer(IConnectorStore store, ConnectorScheduler scheduler, TimeProvider timeProvider, ILogger<ConnectorRunResumer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // StoreInitializer, registered before this service, has brought the schema up to date.
        foreach (var connector in await store.ListAsync(null, cancellationToken))
        {
            scheduler.Schedule(connector);
        }

        var now = timeProvider.GetUtcNow();
        foreach (var run in await store.ListRunningAsync(cancellationToken))
        {
            var wait = (run.LeaseUntil ?? now) - now;
            scheduler.Enqueue(run.Tenant, run.Id, wait > TimeSpan.Zero ? wait + TimeSpan.FromSeconds(1) : null);
            WebConnectorLog.RunRequeued(logger, run.Id, run.ConnectorId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
