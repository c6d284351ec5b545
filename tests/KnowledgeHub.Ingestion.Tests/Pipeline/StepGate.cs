namespace KnowledgeHub.Ingestion.Tests.Pipeline;

/// <summary>
/// Holds a running ingestion inside one named step until the run is stopped, and says when the run got there. The first
/// run to reach the step is held; later runs (the next document, a newer version) pass, so a test can watch the worker
/// go on.
/// </summary>
internal sealed class StepGate(string step)
{
    private int held;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once, for the first run that reaches <paramref name="current"/> when it is the gated step.</summary>
    public bool Holds(string current)
    {
        if (current != step || Interlocked.CompareExchange(ref held, 1, 0) != 0)
        {
            return false;
        }

        Entered.TrySetResult();
        return true;
    }

    /// <summary>Whether the gated run is still being held (the chunk step is slowed, not blocked, while it is).</summary>
    public bool IsHolding(string current) => current == step && Volatile.Read(ref held) == 1 && !Released;

    public bool Released { get; private set; }

    public void Release() => Released = true;
}
