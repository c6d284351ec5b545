using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>Times the ingestion steps of one attempt; the step running when an error happens is the one reported.</summary>
internal sealed class StepClock(TimeProvider timeProvider)
{
    private readonly List<StepTiming> finished = [];
    private long started = timeProvider.GetTimestamp();

    public string Current { get; private set; } = "extract";

    public void Next(string step)
    {
        Close();
        Current = step;
    }

    /// <summary>The timings so far, the current step included.</summary>
    public IReadOnlyList<StepTiming> Stop()
    {
        Close();
        return [.. finished];
    }

    private void Close()
    {
        if (finished.Count == 0 || finished[^1].Step != Current)
        {
            finished.Add(new StepTiming(Current, timeProvider.GetElapsedTime(started).TotalMilliseconds));
        }

        started = timeProvider.GetTimestamp();
    }
}
