using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>Ready when the encoder embeds a word into a vector of its declared size: retrieval and ingestion both need it.</summary>
public sealed class EncoderHealthCheck(ITextEncoder encoder, ILogger<EncoderHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var vectors = await encoder.EmbedAsync(["health"], EmbeddingPurpose.Query, cancellationToken);
            return vectors.Length == 1 && vectors[0].Length == encoder.Dimensions
                ? HealthCheckResult.Healthy($"The encoder {encoder.ModelId} embeds text ({encoder.Dimensions} dimensions) on {encoder.ExecutionProvider ?? "an unnamed provider"}.")
                : HealthCheckResult.Unhealthy($"The encoder {encoder.ModelId} returned a vector of the wrong size.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            HealthLog.CheckFailed(logger, ex, "encoder");
            return HealthCheckResult.Unhealthy($"The encoder does not embed text ({ex.GetType().Name}); the server log has the details.");
        }
    }
}
