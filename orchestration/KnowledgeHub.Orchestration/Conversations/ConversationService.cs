using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>
/// Answers questions inside a conversation: the follow-up is rewritten into a standalone query from the stored history
/// (<see cref="FollowUpRewriter"/>), that query is what retrieval and the answerer see, and the turn is stored with the
/// question as asked, the standalone query, the answer, its citations, usage and prompt version. A new conversation is
/// stored with its first answer, so a question that fails leaves nothing behind.
/// </summary>
public sealed class ConversationService(
    AnswerService answers,
    FollowUpRewriter rewriter,
    IConversationStore store,
    TimeProvider time,
    ILogger<ConversationService> logger)
{
    /// <returns>The conversation to continue (a new one when <paramref name="conversationId"/> is null); null when the tenant has no such conversation.</returns>
    public async Task<ConversationContext?> StartAsync(string tenant, string? conversationId, string? collection, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (conversationId is null)
        {
            var now = time.GetUtcNow();
            return new ConversationContext(new Conversation("conv_" + Guid.NewGuid().ToString("N"), tenant, collection, now, now), [], IsNew: true);
        }

        var conversation = await store.GetAsync(tenant, conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var turns = await store.GetTurnsAsync(tenant, conversationId, cancellationToken);
        return new ConversationContext(conversation, [.. turns.Select(t => t.ToHistory())], IsNew: false);
    }

    /// <exception cref="KeyNotFoundException">The tenant has no conversation with the requested id.</exception>
    public async Task<ConversationAnswer> AskAsync(ConversationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await StartAsync(request.Tenant, request.ConversationId, request.Collection, cancellationToken)
            ?? throw new KeyNotFoundException($"No conversation with id '{request.ConversationId}'.");
        await foreach (var update in AskStreamingAsync(context, request, cancellationToken))
        {
            if (update.Final is { } answer)
            {
                return answer;
            }
        }

        throw new InvalidOperationException("The answer stream ended without a final answer.");
    }

    /// <summary>Streams the answer's deltas, then stores the turn and yields it as the final update.</summary>
    public async IAsyncEnumerable<ConversationUpdate> AskStreamingAsync(
        ConversationContext context,
        ConversationRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        var asked = time.GetUtcNow();
        var conversation = context.Conversation;
        var collection = request.Collection ?? conversation.Collection;
        var standalone = await rewriter.RewriteAsync(context.History, request.Question, cancellationToken);

        await foreach (var update in answers.AskStreamingAsync(new AskRequest(standalone, conversation.Tenant, collection, request.MaxTokens) { Filter = request.Filter }, cancellationToken))
        {
            if (update.Final is not { } answer)
            {
                yield return new ConversationUpdate(update.Delta, null);
                continue;
            }

            if (context.IsNew)
            {
                await store.CreateAsync(conversation, cancellationToken);
            }

            var turn = new RecordedTurn(
                "turn_" + Guid.NewGuid().ToString("N"),
                conversation.Id,
                conversation.Tenant,
                Ordinal: 0,
                collection,
                request.Question.Trim(),
                standalone,
                answer.Text,
                CitationsJson.Write(answer.Citations),
                answer.Found,
                answer.Grounded,
                answer.Generator,
                answer.PromptVersion,
                answer.Usage,
                asked,
                time.GetUtcNow());

            // Deleted while the answer was written: the answer still goes to the caller, it is just not kept.
            var stored = await store.AddTurnAsync(turn, cancellationToken) ?? turn;
            ConversationLog.TurnStored(logger, conversation.Id, stored.Ordinal);
            var current = conversation with { UpdatedAt = stored.AnsweredAt, TurnCount = Math.Max(conversation.TurnCount + 1, stored.Ordinal) };
            yield return new ConversationUpdate(null, new ConversationAnswer(current, stored, answer));
        }
    }
}
