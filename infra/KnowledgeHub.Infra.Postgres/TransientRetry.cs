using Microsoft.Extensions.Logging;
using Npgsql;

namespace KnowledgeHub.Infra.Postgres;

/// <summary>
/// Repeats an operation that failed with an error Npgsql marks transient (<see cref="NpgsqlException.IsTransient"/>:
/// a broken connection, a timeout, a deadlock, a serialization failure, a server starting up), at most
/// <see cref="MaxAttempts"/> times in all. Anything else is a bug or bad data and surfaces at once.
/// </summary>
internal sealed class TransientRetry(ILogger logger, TimeProvider timeProvider)
{
    public const int MaxAttempts = 3;

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);

    /// <param name="mayRepeat">
    /// Whether repeating is safe after this error. A lost connection mid-statement leaves unknown whether the
    /// statement committed, so operations that are not idempotent only repeat errors that prove nothing happened.
    /// </param>
    /// <summary>Opens a pooled connection and runs <paramref name="work"/> on it, repeating transient failures.</summary>
    /// <param name="idempotent">
    /// Whether running the work twice leaves the same result. When it does not, only failures that prove nothing
    /// happened are repeated: opening the connection, or an error the server reported (it rolled the statement back).
    /// </param>
    public Task<T> RunAsync<T>(NpgsqlDataSource dataSource, bool idempotent, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var sent = false;
        return ExecuteAsync(
            async token =>
            {
                sent = false;
                await using var connection = await dataSource.OpenConnectionAsync(token);
                sent = true;
                return await work(connection, token);
            },
            exception => idempotent || !sent || exception is PostgresException,
            cancellationToken);
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, Func<NpgsqlException, bool> mayRepeat, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (NpgsqlException exception) when (attempt < MaxAttempts && exception.IsTransient && mayRepeat(exception) && !cancellationToken.IsCancellationRequested)
            {
                var delay = BaseDelay * (1 << (attempt - 1));
                PostgresLog.RetryingTransientError(logger, exception, attempt, MaxAttempts, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
        }
    }
}
