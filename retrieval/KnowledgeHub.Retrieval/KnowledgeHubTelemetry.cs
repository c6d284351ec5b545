using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KnowledgeHub.Retrieval;

/// <summary>
/// The one ActivitySource and meter name every KnowledgeHub component reports under. The instruments are defined
/// next to the code they measure; only the host references OpenTelemetry and decides where they are exported.
/// </summary>
public static class KnowledgeHubTelemetry
{
    public const string Name = "KnowledgeHub";

    /// <summary>Histogram buckets in seconds, from a millisecond lookup to a minute-long ingestion step.</summary>
    public static readonly IReadOnlyList<double> SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static readonly ActivitySource Source = new(Name);

    // Components built without a host (tests, tools) still measure; a host's IMeterFactory scopes meters to it.
    private static readonly Meter Unscoped = new(Name);

    public static Meter CreateMeter(IMeterFactory? meterFactory) => meterFactory?.Create(Name) ?? Unscoped;

    public static Histogram<double> SecondsHistogram(Meter meter, string name, string description) =>
        meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
}
