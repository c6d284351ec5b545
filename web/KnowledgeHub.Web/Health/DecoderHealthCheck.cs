using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>
/// Ready when no decoder is configured (answers are extractive) or the configured one could be created (a GGUF file
/// loaded, an endpoint client built). It does not generate: a probe queued behind a long answer on a one-context
/// decoder would take the server out of rotation exactly when it is busy.
/// </summary>
public sealed class DecoderHealthCheck(IServiceProvider services, ILogger<DecoderHealthCheck> logger) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var client = services.GetService<IChatClient>();
            if (client is null)
            {
                return Task.FromResult(HealthCheckResult.Healthy("No decoder is configured: answers are extractive."));
            }

            var metadata = client.GetService<ChatClientMetadata>();
            var where = metadata?.ProviderUri is { } uri ? $" at {uri.GetLeftPart(UriPartial.Authority)}" : "";
            return Task.FromResult(HealthCheckResult.Healthy($"The decoder {metadata?.DefaultModelId ?? client.GetType().Name}{where} is loaded."));
        }
        catch (Exception ex)
        {
            HealthLog.CheckFailed(logger, ex, "decoder");
            return Task.FromResult(HealthCheckResult.Unhealthy($"The configured decoder could not be created ({ex.GetType().Name}); the server log has the details."));
        }
    }
}
