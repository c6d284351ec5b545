using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace KnowledgeHub.Orchestration.Tests.TestDoubles;

/// <summary>
/// Test double for a decoder: answers every request with a fixed text, streamed in small pieces (so markers are split
/// across updates), reports fixed usage, and records the messages and options it was given.
/// </summary>
internal sealed class ScriptedChatClient(string answer, int pieceLength = 5) : IChatClient
{
    public const string Model = "scripted-model";

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public ChatOptions? LastOptions { get; private set; }

    public UsageDetails Usage { get; } = new() { InputTokenCount = 123, OutputTokenCount = 45, TotalTokenCount = 168 };

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Add([.. messages]);
        LastOptions = options;
        for (var i = 0; i < answer.Length; i += pieceLength)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, answer.Substring(i, Math.Min(pieceLength, answer.Length - i))) { ModelId = Model };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage)]) { ModelId = Model, FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, Model)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
