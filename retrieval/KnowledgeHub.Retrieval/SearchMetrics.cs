using System.Diagnostics.Metrics;

namespace KnowledgeHub.Retrieval;

/// <summary>Retrieval latency (query embedding + index search), tagged by search mode.</summary>
public sealed class SearchMetrics(IMeterFactory? meterFactory = null)
{
    public const string DurationName = "knowledgehub.retrieval.duration";

    private readonly Histogram<double> duration = KnowledgeHubTelemetry.SecondsHistogram(
        KnowledgeHubTelemetry.CreateMeter(meterFactory), DurationName, "Time to embed a query and search the index.");

    public void Searched(SearchMode mode, TimeSpan elapsed, int hits) =>
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("mode", ModeTag(mode)), new KeyValuePair<string, object?>("found", hits > 0));

    public static string ModeTag(SearchMode mode) => mode switch
    {
        SearchMode.Keyword => "keyword",
        SearchMode.Dense => "dense",
        _ => "hybrid",
    };
}
