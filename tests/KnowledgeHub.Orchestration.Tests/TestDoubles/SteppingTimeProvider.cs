namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>A clock that moves forward a fixed step each time it is read, so measured durations are exact.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref ticks, step.Ticks);
}
