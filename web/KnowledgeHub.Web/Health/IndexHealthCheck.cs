using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>Ready when the search index is open and answers a count.</summary>
public sealed class IndexHealthCheck(ISearchIndex index, ILogger<IndexHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await index.CountAsync(HealthChecks.ProbeTenant, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy($"The search index ({index.GetType().Name}, vectors of {index.ModelId}) answers queries.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HealthLog.CheckFailed(logger, ex, "index");
            return HealthCheckResult.Unhealthy($"The search index ({index.GetType().Name}) does not answer ({ex.GetType().Name}); the server log has the details.");
        }
    }
}
