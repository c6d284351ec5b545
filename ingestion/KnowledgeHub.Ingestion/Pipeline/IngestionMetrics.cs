using System.Diagnostics.Metrics;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>How long each ingestion step takes (tagged by step and outcome) and how many document attempts end each way.</summary>
public sealed class IngestionMetrics
{
    public const string StepDurationName = "knowledgehub.ingestion.step.duration";
    public const string DocumentsName = "knowledgehub.ingestion.documents";
    public const string StalledName = "knowledgehub.ingestion.stalled";
    public const string EmbedCallTextsName = "knowledgehub.ingestion.embed.call_texts";

    private readonly Histogram<double> stepDuration;
    private readonly Counter<long> documents;
    private readonly Histogram<int> embedCallTexts;
    private int stalled;

    public IngestionMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = KnowledgeHubTelemetry.CreateMeter(meterFactory);
        stepDuration = KnowledgeHubTelemetry.SecondsHistogram(meter, StepDurationName, "Duration of one ingestion step (extract, chunk, embed, index) of one attempt.");
        documents = meter.CreateCounter<long>(DocumentsName, "{document}", "Document ingestion attempts that ended, by outcome (completed, failed, retry, handed_off).");
        // Calls far below EmbedBatchSize mean the shared batcher is not being fed: the encoder pays per call, not per text.
        embedCallTexts = meter.CreateHistogram<int>(EmbedCallTextsName, "{text}", "Texts in one encoder call of the shared embedding batcher.");
        meter.CreateObservableGauge(
            StalledName,
            () => Volatile.Read(ref stalled),
            "{document}",
            "Processing documents without progress for longer than KnowledgeHub:Ingestion:StallAfter, as of the last stall check (/health/ready, GET /api/ingestion).");
    }

    /// <summary>Stalled documents found by the latest check (every tenant's).</summary>
    public int Stalled => Volatile.Read(ref stalled);

    public void ReportStalled(int count) => Volatile.Write(ref stalled, count);

    public void EmbedCall(int texts) => embedCallTexts.Record(texts);

    /// <param name="outcome">
    /// completed, failed (for good), retry (a transient failure that Hangfire retries) or handed_off (a worker that
    /// gave the index step to the process owning the index).
    /// </param>
    public void Ended(IReadOnlyList<StepTiming> steps, string outcome)
    {
        foreach (var step in steps)
        {
            stepDuration.Record(step.Milliseconds / 1000, new KeyValuePair<string, object?>("step", step.Step), new KeyValuePair<string, object?>("outcome", outcome));
        }

        documents.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }
}
