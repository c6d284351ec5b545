using KnowledgeHub.Infra.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KnowledgeHub.Store.Tests;

public sealed class TransientRetryTests
{
    private readonly TransientRetry retry = new(NullLogger.Instance, TimeProvider.System);

    private static PostgresException ServerError(string sqlState) => new("test error", "ERROR", "ERROR", sqlState);

    [Fact]
    public async Task A_transient_error_is_repeated_and_the_next_result_returned()
    {
        var calls = 0;

        var result = await retry.ExecuteAsync(
            _ => ++calls == 1 ? throw ServerError(PostgresErrorCodes.SerializationFailure) : Task.FromResult("done"),
            _ => true,
            CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_transient_error_that_persists_is_thrown_after_three_attempts()
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<PostgresException>(() => retry.ExecuteAsync<int>(
            _ => { calls++; throw ServerError(PostgresErrorCodes.DeadlockDetected); },
            _ => true,
            CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.DeadlockDetected, error.SqlState);
        Assert.Equal(TransientRetry.MaxAttempts, calls);
    }

    [Fact]
    public async Task A_permanent_error_is_thrown_at_once()
    {
        var calls = 0;

        await Assert.ThrowsAsync<PostgresException>(() => retry.ExecuteAsync<int>(
            _ => { calls++; throw ServerError(PostgresErrorCodes.UniqueViolation); },
            _ => true,
            CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_transient_error_is_not_repeated_when_the_caller_says_repeating_is_unsafe()
    {
        var calls = 0;

        await Assert.ThrowsAsync<NpgsqlException>(() => retry.ExecuteAsync<int>(
            _ => { calls++; throw new NpgsqlException("connection lost", new IOException("reset")); },
            exception => exception is PostgresException,
            CancellationToken.None));

        Assert.Equal(1, calls);
    }
}
