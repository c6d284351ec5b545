using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Rescoring;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>
/// Ready when the configured re-scorer can work: the second encoder of <see cref="EncoderRescorer"/> embeds a word, the
/// cross-encoder of <see cref="CrossEncoderRescorer"/> scores a pair (the first probe also loads the model, so the first
/// search does not pay for that); nothing to check without one.
/// </summary>
public sealed class RescorerHealthCheck(IServiceProvider services, ILogger<RescorerHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return services.GetService<IRescorer>() switch
            {
                null => HealthCheckResult.Healthy("No re-scorer: hybrid results keep the fused order."),
                EncoderRescorer encoder => await encoder.EmbedsAsync(cancellationToken)
                    ? HealthCheckResult.Healthy($"The re-scoring encoder {encoder.ModelId} embeds text on {encoder.ExecutionProvider ?? "an unnamed provider"}.")
                    : HealthCheckResult.Unhealthy($"The re-scoring encoder {encoder.ModelId} returned a vector of the wrong size."),
                CrossEncoderRescorer cross => await cross.ScoresAsync(cancellationToken)
                    ? HealthCheckResult.Healthy($"The cross-encoder {cross.ModelId} scores pairs on {cross.ExecutionProvider}.")
                    : HealthCheckResult.Unhealthy($"The cross-encoder {cross.ModelId} returned no finite score."),
                RescorerRouter router => await RouterHealthAsync(router, cancellationToken),
                var other => HealthCheckResult.Healthy($"Re-scoring with {other.GetType().Name} (the index's encoder).")
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HealthLog.CheckFailed(logger, ex, "rescorer");
            return HealthCheckResult.Unhealthy($"The re-scorer does not work ({ex.GetType().Name}); the server log has the details.");
        }
    }

    // Per-collection re-scoring: the section's re-scorer is probed; collections' models load on their first search.
    private static async Task<HealthCheckResult> RouterHealthAsync(RescorerRouter router, CancellationToken cancellationToken) => router.For(null) switch
    {
        EncoderRescorer encoder when await encoder.EmbedsAsync(cancellationToken) =>
            HealthCheckResult.Healthy($"Re-scoring per collection; the section's encoder {encoder.ModelId} embeds text on {encoder.ExecutionProvider ?? "an unnamed provider"}."),
        CrossEncoderRescorer cross when await cross.ScoresAsync(cancellationToken) =>
            HealthCheckResult.Healthy($"Re-scoring per collection; the section's cross-encoder {cross.ModelId} scores pairs on {cross.ExecutionProvider}."),
        EncoderRescorer or CrossEncoderRescorer => HealthCheckResult.Unhealthy("The section's re-scoring model returned an unusable result."),
        _ => HealthCheckResult.Healthy("Re-scoring per collection."),
    };
}
