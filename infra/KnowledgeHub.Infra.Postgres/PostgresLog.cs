using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Infra.Postgres;

internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Applied document store migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Debug, Message = "Document store schema is at version {Version}; nothing to migrate")]
    public static partial void SchemaCurrent(ILogger logger, int version);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning,
        Message = "Document store schema is at version {DatabaseVersion}, newer than this build knows ({KnownVersion}); continuing")]
    public static partial void SchemaNewer(ILogger logger, int databaseVersion, int knownVersion);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning,
        Message = "Transient PostgreSQL error (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs} ms")]
    public static partial void RetryingTransientError(ILogger logger, Exception exception, int attempt, int maxAttempts, double delayMs);
}
