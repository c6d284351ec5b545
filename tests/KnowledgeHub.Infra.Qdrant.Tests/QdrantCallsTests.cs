using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Infra.Qdrant.Tests;

public sealed class QdrantCallsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly RecordingCallInvoker invoker = new();

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    public async Task A_transient_error_is_retried_until_the_call_succeeds(StatusCode status)
    {
        var failures = 2;
        invoker.Respond = (_, _) => failures-- > 0 ? throw new RpcException(new Status(status, "try again")) : new CountResponse { Result = new CountResult { Count = 5 } };

        var response = await Calls().RunAsync("count", (c, o) => c.Points.CountAsync(new CountPoints(), o), CancellationToken.None);

        Assert.Equal(5ul, response.Result.Count);
        Assert.Equal(3, invoker.Calls.Count);
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.Unauthenticated)]
    public async Task A_permanent_error_is_not_retried(StatusCode status)
    {
        invoker.Respond = (_, _) => throw new RpcException(new Status(status, "no"));

        var error = await Assert.ThrowsAsync<RpcException>(() => Calls().RunAsync("count", (c, o) => c.Points.CountAsync(new CountPoints(), o), CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(invoker.Calls);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number_of_attempts()
    {
        invoker.Respond = (_, _) => throw new RpcException(new Status(StatusCode.Unavailable, "down"));

        var error = await Assert.ThrowsAsync<RpcException>(() => Calls(maxAttempts: 3).RunAsync("count", (c, o) => c.Points.CountAsync(new CountPoints(), o), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(3, invoker.Calls.Count);
    }

    [Fact]
    public async Task Every_attempt_carries_the_configured_deadline()
    {
        var failures = 1;
        invoker.Respond = (_, _) => failures-- > 0 ? throw new RpcException(new Status(StatusCode.DeadlineExceeded, "slow")) : null;

        await Calls(deadline: TimeSpan.FromSeconds(7)).RunAsync("count", (c, o) => c.Points.CountAsync(new CountPoints(), o), CancellationToken.None);

        Assert.Equal(2, invoker.Calls.Count);
        Assert.All(invoker.Calls, call => Assert.Equal(Now.UtcDateTime.AddSeconds(7), call.Options.Deadline));
    }

    [Fact]
    public async Task A_cancelled_caller_gets_a_cancellation_not_a_retry()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Calls().RunAsync("count", (c, o) => c.Points.CountAsync(new CountPoints(), o), cancelled.Token));

        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task A_closed_port_fails_fast_with_unavailable_after_the_retries()
    {
        // A real channel to a port nothing listens on: the error Qdrant's clients see when the server is down.
        using var client = new QdrantGrpcClient(new Uri("http://127.0.0.1:1"));
        var calls = new QdrantCalls(client, new QdrantIndexOptions { Url = "http://127.0.0.1:1", MaxAttempts = 2 }, TimeProvider.System, NullLogger.Instance)
        {
            BaseDelay = TimeSpan.Zero,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => calls.RunAsync("count", (c, o) => c.Points.CountAsync(new CountPoints { CollectionName = "x" }, o), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    private QdrantCalls Calls(int maxAttempts = 4, TimeSpan? deadline = null) => new(
        new QdrantGrpcClient(invoker),
        new QdrantIndexOptions { Url = "http://q:6334", MaxAttempts = maxAttempts, Deadline = deadline ?? TimeSpan.FromSeconds(10) },
        new FakeTimeProvider(Now),
        NullLogger.Instance)
    {
        BaseDelay = TimeSpan.Zero,
    };
}
