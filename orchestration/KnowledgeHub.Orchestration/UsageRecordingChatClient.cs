using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace KnowledgeHub.Orchestration;

/// <summary>
/// Sits between Semantic Kernel and the decoder for one request and keeps what the kernel's streaming content
/// drops: the usage the client reports, its model id, and the prompt text (for an estimate when no usage comes).
/// Never dispose it: <see cref="DelegatingChatClient"/> would dispose the shared decoder with it.
/// </summary>
internal sealed class UsageRecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public UsageDetails? Usage { get; private set; }

    public string? ModelId { get; private set; }

    public string PromptText { get; private set; } = string.Empty;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        messages = Remember(messages);
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        Usage = response.Usage ?? Usage;
        ModelId = response.ModelId ?? ModelId;
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        messages = Remember(messages);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            ModelId = update.ModelId ?? ModelId;
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                Usage = usage.Details;
            }

            yield return update;
        }
    }

    private List<ChatMessage> Remember(IEnumerable<ChatMessage> messages)
    {
        var list = messages.ToList();
        var text = new StringBuilder();
        foreach (var message in list)
        {
            text.Append(message.Text).Append('\n');
        }

        PromptText = text.ToString();
        return list;
    }
}
