using KnowledgeHub.Orchestration.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>
/// Turns the latest question of a conversation into a standalone query for retrieval. With a decoder configured it asks
/// the decoder through the versioned rewrite prompt (<see cref="PromptLibrary.RewritePromptVersion"/>, the history fenced
/// as data); without one, or when the decoder's reply is unusable, it applies <see cref="FollowUpHeuristic"/>.
/// The first question of a conversation is returned as asked.
/// </summary>
public sealed class FollowUpRewriter(PromptLibrary prompts, ILogger<FollowUpRewriter>? logger = null, IChatClient? chatClient = null)
{
    /// <summary>Earlier turns shown to the decoder; older ones rarely decide what a pronoun means.</summary>
    public const int MaxHistoryTurns = 4;

    /// <summary>Characters of each earlier answer shown to the decoder.</summary>
    public const int MaxAnswerChars = 400;

    private const int MaxRewriteTokens = 96;

    private readonly ILogger logger = logger ?? NullLogger<FollowUpRewriter>.Instance;

    /// <param name="history">Earlier turns of the conversation, oldest first.</param>
    /// <returns>The standalone query; <paramref name="question"/> itself (trimmed) when there is no history.</returns>
    public async Task<string> RewriteAsync(IReadOnlyList<ConversationTurn> history, string question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var current = question.Trim();
        if (history.Count == 0)
        {
            return current;
        }

        if (chatClient is not null && await RewriteWithDecoderAsync(chatClient, history, current, cancellationToken) is { } rewritten)
        {
            ConversationLog.Rewritten(logger, "decoder");
            return rewritten;
        }

        ConversationLog.Rewritten(logger, "heuristic");
        return FollowUpHeuristic.Rewrite(history[^1].Query, current);
    }

    private async Task<string?> RewriteWithDecoderAsync(IChatClient client, IReadOnlyList<ConversationTurn> history, string question, CancellationToken cancellationToken)
    {
        var shown = history.Skip(Math.Max(0, history.Count - MaxHistoryTurns))
            .Select(t => (t.Question, t.Answer.Length > MaxAnswerChars ? t.Answer[..MaxAnswerChars] + " ..." : t.Answer))
            .ToList();
        var settings = new PromptExecutionSettings
        {
            ExtensionData = new Dictionary<string, object> { ["max_tokens"] = MaxRewriteTokens, ["temperature"] = 0.0 },
        };
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(client.AsChatCompletionService());
        var kernel = builder.Build();

        string? reply;
        try
        {
            var result = await prompts.RewriteFunction.InvokeAsync(kernel, PromptLibrary.CreateRewriteArguments(shown, question, settings), cancellationToken);
            reply = result.GetValue<string>();
        }
        catch (Exception ex) when (ex is HttpRequestException or KernelException or InvalidOperationException or TimeoutException)
        {
            // A decoder that cannot rewrite should not stop the answer: the heuristic still gives retrieval a query.
            ConversationLog.RewriteFailed(logger, ex);
            return null;
        }

        var cleaned = Clean(reply);
        if (cleaned is null || cleaned.Length > (question.Length * 4) + 300)
        {
            ConversationLog.RewriteUnusable(logger);
            return null;
        }

        return cleaned;
    }

    /// <summary>The first non-empty line, without a repeated label or surrounding quotes.</summary>
    internal static string? Clean(string? reply)
    {
        var line = reply?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (line is null)
        {
            return null;
        }

        const string Label = "Standalone question:";
        if (line.StartsWith(Label, StringComparison.OrdinalIgnoreCase))
        {
            line = line[Label.Length..].Trim();
        }

        line = line.Trim('"', '\'', '“', '”', '`').Trim();
        return line.Length == 0 || line == AnswerTexts.NotFound ? null : line;
    }
}
