using System.Text;
using LLama;
using Microsoft.Extensions.AI;

namespace KnowledgeHub.Infra.Llama;

/// <summary>
/// Turns chat messages into the text the model is prompted with: the chat template stored in the GGUF
/// file when it has one, otherwise a plain "System:/User:/Assistant:" transcript (base models such as
/// the tiny test models carry no template).
/// </summary>
internal sealed class ChatPromptFormatter
{
    private static readonly string[] TranscriptStops = ["\nUser:", "\nSystem:", "\nAssistant:"];

    private readonly LLamaWeights? weights;

    private ChatPromptFormatter(LLamaWeights? weights) => this.weights = weights;

    public bool UsesModelTemplate => weights is not null;

    /// <summary>Stop sequences the format itself needs: a transcript model would otherwise write the next turn too.</summary>
    public IReadOnlyList<string> DefaultStops => UsesModelTemplate ? [] : TranscriptStops;

    public static ChatPromptFormatter For(LLamaWeights weights) =>
        new(weights.NativeHandle.GetTemplate(name: null, strict: false) is null ? null : weights);

    public string Format(IEnumerable<ChatMessage> messages)
    {
        return weights is null ? FormatTranscript(messages) : FormatWithTemplate(weights, messages);
    }

    private static string FormatWithTemplate(LLamaWeights weights, IEnumerable<ChatMessage> messages)
    {
        var template = new LLamaTemplate(weights) { AddAssistant = true };
        foreach (var message in messages)
        {
            template.Add(RoleName(message.Role), message.Text);
        }

        return Encoding.UTF8.GetString(template.Apply());
    }

    private static string FormatTranscript(IEnumerable<ChatMessage> messages)
    {
        var prompt = new StringBuilder();
        foreach (var message in messages)
        {
            var label = message.Role == ChatRole.System ? "System"
                : message.Role == ChatRole.Assistant ? "Assistant"
                : "User";
            prompt.Append(label).Append(": ").Append(message.Text.Trim()).Append("\n\n");
        }

        return prompt.Append("Assistant:").ToString();
    }

    private static string RoleName(ChatRole role) =>
        role == ChatRole.System ? "system" : role == ChatRole.Assistant ? "assistant" : "user";
}
