namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>A clock that stands still, so deadlines can be compared exactly.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
