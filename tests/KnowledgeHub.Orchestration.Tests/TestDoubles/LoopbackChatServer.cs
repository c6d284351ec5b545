using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>
/// A one-request OpenAI-style server on a loopback port: it records the request it receives and answers with a fixed
/// body (a chat completion JSON object, or server-sent events for a streamed request).
/// </summary>
internal sealed class LoopbackChatServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task<RecordedRequest> handled;

    public LoopbackChatServer(string responseBody, string contentType = "application/json")
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        handled = HandleOneAsync(responseBody, contentType);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/v1");

    public Task<RecordedRequest> Request => handled;

    public static string Completion(string model, string text) =>
        $$$"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"{{{model}}}",
         "choices":[{"index":0,"message":{"role":"assistant","content":"{{{text}}}"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}
        """;

    public static string StreamedCompletion(string model, params string[] pieces)
    {
        var events = new StringBuilder();
        foreach (var piece in pieces)
        {
            events.Append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"").Append(model)
                .Append("\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").Append(piece).Append("\"},\"finish_reason\":null}]}\n\n");
        }

        events.Append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"").Append(model)
            .Append("\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        return events.ToString();
    }

    public void Dispose() => listener.Close();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task<RecordedRequest> HandleOneAsync(string responseBody, string contentType)
    {
        var context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var recorded = new RecordedRequest(
            context.Request.HttpMethod,
            context.Request.Url!.AbsolutePath,
            context.Request.Headers["Authorization"],
            await reader.ReadToEndAsync());
        var bytes = Encoding.UTF8.GetBytes(responseBody);
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
        return recorded;
    }

    public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body);
}
