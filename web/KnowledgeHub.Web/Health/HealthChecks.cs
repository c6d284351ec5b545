using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeHub.Web.Health;

/// <summary>
/// /health/live answers 200 while the process serves HTTP (no checks: a restart cannot fix a dependency);
/// /health/ready runs the store, index, encoder, decoder and re-scorer checks and answers 503 when one fails; the
/// ingestion check reports stalled documents as degraded, which still answers 200; the ocr entry says whether OCR runs
/// (never failing: the server serves without it).
/// Both are anonymous, so that orchestrators can probe without a key; they reveal no data and no exception text.
/// </summary>
public static class HealthChecks
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>A tenant no key can have; probes query it so that they read no one's data.</summary>
    internal const string ProbeTenant = "__health__";

    private const string ReadyTag = "ready";

    /// <summary>A check that takes longer counts as failed: a probe must answer within an orchestrator's timeout.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddKnowledgeHubHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", failureStatus: null, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<IndexHealthCheck>("index", failureStatus: null, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<EncoderHealthCheck>("encoder", failureStatus: null, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<DecoderHealthCheck>("decoder", failureStatus: null, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<RescorerHealthCheck>("rescorer", failureStatus: null, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<IngestionHealthCheck>("ingestion", failureStatus: HealthStatus.Degraded, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<OcrHealthCheck>("ocr", failureStatus: null, tags: [ReadyTag], timeout: CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous()
            .DisableRateLimiting();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
