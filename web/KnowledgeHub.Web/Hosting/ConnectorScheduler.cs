using Hangfire;
using KnowledgeHub.Connectors;

namespace KnowledgeHub.Web.Hosting;

/// <summary>Puts connector runs on Hangfire's queue and keeps each scheduled connector's recurring job in step with its cron expression.</summary>
public sealed class ConnectorScheduler(IBackgroundJobClient jobs, IRecurringJobManager recurring)
{
    public static string RecurringId(string connectorId) => "connector:" + connectorId;

    public void Enqueue(string tenant, string runId, TimeSpan? after = null)
    {
        if (after is { } delay && delay > TimeSpan.Zero)
        {
            jobs.Schedule<ConnectorSyncJob>(job => job.RunAsync(tenant, runId, CancellationToken.None), delay);
        }
        else
        {
            jobs.Enqueue<ConnectorSyncJob>(job => job.RunAsync(tenant, runId, CancellationToken.None));
        }
    }

    public void Schedule(ConnectorRecord connector)
    {
        if (connector.Schedule is null)
        {
            Unschedule(connector.Id);
            return;
        }

        recurring.AddOrUpdate<ConnectorSyncJob>(
            RecurringId(connector.Id), job => job.ScheduledAsync(connector.Tenant, connector.Id, CancellationToken.None), connector.Schedule, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
    }

    public void Unschedule(string connectorId) => recurring.RemoveIfExists(RecurringId(connectorId));
}
