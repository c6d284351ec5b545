using System.Globalization;
using KnowledgeHub.Ingestion.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>
/// Degraded (never unhealthy: questions are still answered) while documents stall in ingestion; also refreshes the
/// stalled-documents metric. Names no document: the probe is anonymous.
/// </summary>
public sealed class IngestionHealthCheck(IngestionBacklog backlog, ILogger<IngestionHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var stalled = await backlog.FindStalledAsync(cancellationToken);
            var limit = backlog.StallAfter.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
            return stalled.Count == 0
                ? HealthCheckResult.Healthy($"No document has been processing without progress for more than {limit} minutes.")
                : HealthCheckResult.Degraded(
                    $"{stalled.Count.ToString(CultureInfo.InvariantCulture)} document(s) stalled: processing without progress for more than {limit} minutes (KnowledgeHub:Ingestion:StallAfter). GET /api/ingestion names them; POST /api/documents/{{id}}/retry queues one again.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store check reports an unreachable store; this one only says it could not look.
            HealthLog.CheckFailed(logger, ex, "ingestion");
            return HealthCheckResult.Degraded($"Stalled documents could not be looked for ({ex.GetType().Name}); the server log has the details.");
        }
    }
}
