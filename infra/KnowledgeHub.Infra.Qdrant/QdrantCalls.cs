using Grpc.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// Runs one gRPC call against Qdrant with a deadline on every attempt, repeating it after transient failures
/// (Unavailable, DeadlineExceeded, ResourceExhausted) with exponential back-off. Every request the adapter sends
/// is idempotent (upserts by deterministic id, deletes and counts by filter), so repeating one after a deadline
/// that may have hidden a success is safe.
/// </summary>
internal sealed class QdrantCalls(QdrantGrpcClient client, QdrantIndexOptions options, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>The first back-off; it doubles on every further attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public QdrantGrpcClient Client => client;

    public static bool IsTransient(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted;

    public async Task<TResponse> RunAsync<TResponse>(
        string operation,
        Func<QdrantGrpcClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var callOptions = new CallOptions(deadline: timeProvider.GetUtcNow().UtcDateTime + options.Deadline, cancellationToken: cancellationToken);
            try
            {
                return await call(client, callOptions).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException ex) when (IsTransient(ex.StatusCode) && attempt < options.MaxAttempts)
            {
                var delay = BaseDelay * (1 << (attempt - 1));
                QdrantLog.RetryingTransientError(logger, ex, operation, ex.StatusCode, attempt, options.MaxAttempts, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                QdrantLog.CallFailed(logger, ex, operation, ex.StatusCode, attempt);
                throw;
            }
        }
    }
}
