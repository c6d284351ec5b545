using KnowledgeHub.Orchestration.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>What a chat request asks: the last user message, and the turns before it.</summary>
/// <param name="History">
/// Earlier (user, assistant) exchanges, oldest first, for the follow-up rewriter; system messages are not part of it, and
/// the "Sources:" footer this endpoint appended to an earlier answer is taken off again.
/// </param>
public sealed record ChatQuestion(string Question, IReadOnlyList<ConversationTurn> History)
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool" };

    /// <summary>Reads the question from the messages, or says precisely what is wrong with them.</summary>
    internal static (ChatQuestion? Question, ProblemHttpResult? Problem) From(IReadOnlyList<ChatMessageInput>? messages)
    {
        if (messages is null || messages.Count == 0)
        {
            return (null, OpenAIErrors.Invalid("'messages' is required and must hold at least one message.", "messages"));
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i]?.Role;
            if (role is null || !Roles.Contains(role))
            {
                return (null, OpenAIErrors.Invalid($"'messages[{i}].role' must be one of {string.Join(", ", Roles)}.", $"messages[{i}].role"));
            }
        }

        var last = -1;
        for (var i = messages.Count - 1; i >= 0 && last < 0; i--)
        {
            last = messages[i].Role == "user" ? i : -1;
        }

        if (last < 0)
        {
            return (null, OpenAIErrors.Invalid("'messages' holds no message with role 'user': there is no question to answer.", "messages"));
        }

        var question = messages[last].Text()?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            return (null, OpenAIErrors.Invalid($"messages[{last}].content holds no text.", $"messages[{last}].content"));
        }

        if (question.Length > AskApi.MaxQuestionLength)
        {
            return (null, OpenAIErrors.Invalid($"The last user message is longer than {AskApi.MaxQuestionLength} characters.", $"messages[{last}].content"));
        }

        return (new ChatQuestion(question, Exchanges(messages, last)), null);
    }

    private static List<ConversationTurn> Exchanges(IReadOnlyList<ChatMessageInput> messages, int end)
    {
        var exchanges = new List<ConversationTurn>();
        string? asked = null;
        for (var i = 0; i < end; i++)
        {
            var text = messages[i].Text()?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (messages[i].Role == "user")
            {
                asked = text;
            }
            else if (messages[i].Role == "assistant" && asked is not null)
            {
                exchanges.Add(new ConversationTurn(asked, ChatFootnotes.Strip(text)));
                asked = null;
            }
        }

        return exchanges;
    }
}
