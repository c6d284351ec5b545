using KnowledgeHub.Ingestion.Documents;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>Ready when the document store answers a query (the cheapest one every store has: a tenant's collections).</summary>
public sealed class StoreHealthCheck(IDocumentStore store, ILogger<StoreHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListCollectionsAsync(HealthChecks.ProbeTenant, cancellationToken);
            return HealthCheckResult.Healthy($"The document store ({store.GetType().Name}) answers queries.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HealthLog.CheckFailed(logger, ex, "store");
            return HealthCheckResult.Unhealthy($"The document store ({store.GetType().Name}) does not answer ({ex.GetType().Name}); the server log has the details.");
        }
    }
}
