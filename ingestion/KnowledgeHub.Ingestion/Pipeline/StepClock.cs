using System.Diagnostics;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>
/// Times the ingestion steps of one attempt; the step running when an error happens is the one reported.
/// Each step is also a trace span under the attempt's span (created and ended here, on the caller's flow, so the
/// span is current while the step's own calls run).
/// </summary>
internal sealed class StepClock
{
    private readonly TimeProvider timeProvider;
    private readonly List<StepTiming> finished = [];
    private long started;
    private Activity? span;

    public StepClock(TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        started = timeProvider.GetTimestamp();
        span = StartSpan(Current);
    }

    public string Current { get; private set; } = "extract";

    public void Next(string step)
    {
        Close(error: null);
        Current = step;
        span = StartSpan(step);
    }

    /// <summary>The timings so far, the current step included.</summary>
    /// <param name="error">Why the current step failed, if it did; marks its span as an error.</param>
    public IReadOnlyList<StepTiming> Stop(string? error = null)
    {
        Close(error);
        return [.. finished];
    }

    private static Activity? StartSpan(string step) => KnowledgeHubTelemetry.Source.StartActivity("knowledgehub.ingest." + step);

    private void Close(string? error)
    {
        if (finished.Count == 0 || finished[^1].Step != Current)
        {
            finished.Add(new StepTiming(Current, timeProvider.GetElapsedTime(started).TotalMilliseconds));
        }

        if (span is not null)
        {
            span.SetStatus(error is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
            span.Stop();
            span = null;
        }

        started = timeProvider.GetTimestamp();
    }
}
