namespace KnowledgeHub.Store.Tests;

/// <summary>A fact that needs a PostgreSQL server: skipped with a reason when none is configured, except on CI where it runs and fails.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresAvailability.SkipReason;
    }
}
