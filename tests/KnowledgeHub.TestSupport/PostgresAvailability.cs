namespace KnowledgeHub.TestSupport;

/// <summary>
/// Where the PostgreSQL tests find their server: the connection string in KNOWLEDGEHUB_POSTGRES (the last line
/// that .ci/postgres.sh prints). On CI a missing server fails the tests; elsewhere they are skipped.
/// </summary>
public static class PostgresAvailability
{
    public const string Variable = "KNOWLEDGEHUB_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Null when the tests should run (a server is configured, or this is CI and they must fail loudly).</summary>
    public static string? SkipReason =>
        ConnectionString is null && !SharedData.IsCi
            ? $"PostgreSQL is not configured: run `bash .ci/postgres.sh` and set {Variable} to the connection string it prints."
            : null;

    /// <exception cref="InvalidOperationException">No server is configured (only reached on CI, where the tests are not skipped).</exception>
    public static string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException(
            $"PostgreSQL is required on CI: {Variable} is not set. Start a server with `bash .ci/postgres.sh` and export the connection string it prints.");
}
