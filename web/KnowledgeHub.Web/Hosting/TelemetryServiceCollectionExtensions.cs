using KnowledgeHub.Retrieval;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KnowledgeHub.Web.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics over OTLP: the KnowledgeHub ActivitySource and meter (ingestion steps, retrieval,
/// answers, tokens) plus ASP.NET Core and HttpClient instrumentation. Off unless an endpoint is configured, through
/// KnowledgeHub:Telemetry:OtlpEndpoint or the standard OTEL_EXPORTER_OTLP_ENDPOINT (with the other OTEL_* variables).
/// Without one, the instruments still exist for dotnet-counters and dotnet-trace, and nothing is collected in-process.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string Section = "KnowledgeHub:Telemetry";
    public const string EndpointKey = Section + ":OtlpEndpoint";
    public const string ProtocolKey = Section + ":OtlpProtocol";
    public const string ServiceName = "knowledgehub";

    public static IServiceCollection AddKnowledgeHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        var standardEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(standardEndpoint))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName))
            .WithTracing(t => t
                .AddSource(KnowledgeHubTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(KnowledgeHubTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

        if (string.IsNullOrWhiteSpace(endpoint))
        {
            telemetry.UseOtlpExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS from configuration
        }
        else
        {
            telemetry.UseOtlpExporter(Protocol(configuration[ProtocolKey]), Endpoint(endpoint));
        }

        return services;
    }

    private static Uri Endpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"{EndpointKey} must be an absolute http(s) URL such as http://collector:4317; it is '{endpoint}'.");

    private static OtlpExportProtocol Protocol(string? protocol) => protocol switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{ProtocolKey} must be 'grpc' (the default, port 4317) or 'http/protobuf' (port 4318); it is '{protocol}'."),
    };
}
