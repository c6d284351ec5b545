using Grpc.Core;

namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>
/// Stands in for the gRPC channel: records every unary call (method, request, call options) and answers it with
/// what <see cref="Respond"/> returns for that method, or an empty response. Throwing from it fails the call
/// as the server would.
/// </summary>
internal sealed class RecordingCallInvoker : CallInvoker
{
    public List<(string Method, object Request, CallOptions Options)> Calls { get; } = [];

    /// <summary>(full method name, e.g. "/qdrant.Points/Upsert", request) to response; null means an empty response of the right type.</summary>
    public Func<string, object, object?> Respond { get; set; } = (_, _) => null;

    public IEnumerable<string> Methods => Calls.Select(c => c.Method);

    public IEnumerable<T> Requests<T>() => Calls.Select(c => c.Request).OfType<T>();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Calls.Add((method.FullName, request, options));
        Task<TResponse> response;
        try
        {
            response = Task.FromResult((TResponse?)Respond(method.FullName, request) ?? Activator.CreateInstance<TResponse>());
        }
        catch (RpcException ex)
        {
            response = Task.FromException<TResponse>(ex);
        }

        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("The adapter makes asynchronous calls only.");

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
