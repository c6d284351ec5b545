namespace KnowledgeHub.TestSupport;

/// <summary>
/// A fact that needs a PostgreSQL server named by KNOWLEDGEHUB_POSTGRES (`.ci/postgres.sh` starts one):
/// skipped with a reason when unset, except on CI, where the test runs and fails.
/// </summary>
public sealed class PostgresRequiredFactAttribute : FactAttribute
{
    public PostgresRequiredFactAttribute()
    {
        Skip = PostgresAvailability.SkipReason;
    }
}
