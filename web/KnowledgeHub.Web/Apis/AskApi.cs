using KnowledgeHub.Web.Access;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Retrieval;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Apis;

/// <param name="ConversationId">The conversation to continue; absent starts a new one, whose id the answer returns.</param>
/// <param name="Filter">Metadata conditions (see /api/search), AND-combined with the collection.</param>
public sealed record AskBody(string? Question, string? Collection, string? ConversationId = null, System.Text.Json.JsonElement? Filter = null);

/// <param name="Spans">The quoted pieces of the chunk text: one for a sentence, the header row and the matching rows for a table.</param>
public sealed record CitationDto(
    int Number,
    string DocumentId,
    string FileName,
    int? Page,
    int Start,
    int End,
    string Quote,
    string ChunkId,
    int Version,
    PageBox? Box,
    string? HeadingPath,
    IReadOnlyList<QuoteSpan> Spans,
    IReadOnlyDictionary<string, object>? Metadata = null)
{
    // Citations stored before spans existed quoted one sentence: the one span Start..End.
    public static CitationDto From(Citation c) =>
        new(c.Number, c.DocumentId, c.FileName, c.Page, c.Start, c.End, c.Quote, c.ChunkId, c.Version, c.Box, c.HeadingPath, c.Spans ?? [new QuoteSpan(c.Start, c.End)], c.Metadata);
}

public sealed record AskResponse(
    string Answer,
    IReadOnlyList<CitationDto> Citations,
    bool Found,
    string Generator,
    AnswerUsage Usage,
    bool Grounded,
    IReadOnlyList<SentenceSupport> Sentences,
    string? PromptVersion,
    double Answerability,
    IReadOnlyList<RelatedPassage> Related,
    string? ConversationId = null,
    string? TurnId = null,
    string? StandaloneQuery = null)
{
    public static AskResponse From(Answer answer) => new(
        answer.Text,
        answer.Citations.Select(CitationDto.From).ToList(),
        answer.Found,
        answer.Generator,
        answer.Usage,
        answer.Grounded,
        answer.Sentences ?? [],
        answer.PromptVersion,
        answer.Answerability,
        answer.Related ?? []);

    public static AskResponse From(ConversationAnswer answer) => From(answer.Answer) with
    {
        ConversationId = answer.Conversation.Id,
        TurnId = answer.Turn.Id,
        StandaloneQuery = answer.Turn.StandaloneQuery,
    };
}

public static class AskApi
{
    public const int MaxQuestionLength = 2000;

    public static IEndpointRouteBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        var ask = app.MapGroup(string.Empty).RequireAuthorization(AccessPolicies.Ask).RequireRateLimiting(RateLimits.Ask);
        ask.MapPost("/api/ask", AskAsync).WithTags("Ask").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        ask.MapPost("/api/ask/stream", AskStreaming).WithTags("Ask").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    /// <summary>
    /// Server-Sent Events: `delta` events carry answer text as it is generated, one `answer` event carries the whole answer
    /// with citations and the conversation and turn it was stored as. An unknown conversation is a 404 before any event.
    /// </summary>
    private static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> AskStreaming(
        HttpContext context,
        ConversationService conversations,
        IConversationStore conversationStore,
        IDocumentStore store,
        IOptions<IngestionOptions> ingestion,
        MetadataKeys metadataKeys,
        AskBody? body,
        CancellationToken cancellationToken)
    {
        if (Validate(body) is { } problem)
        {
            return problem;
        }

        var (filter, invalid) = await Readers.FilterAsync(context, metadataKeys, null, body!.Filter, cancellationToken);
        if (invalid is not null)
        {
            return Problems.Invalid("filter", invalid);
        }

        var request = ToRequest(context, body, filter!);
        if (await KnownCollections.CheckAsync(store, ingestion, request.Tenant, request.Collection, cancellationToken, Readers.Groups(context)) is { } unknown)
        {
            return unknown;
        }

        var started = await StartVisibleAsync(context, conversations, conversationStore, store, request, cancellationToken);
        return started is null
            ? ConversationsApi.NotFound(request.ConversationId!)
            : TypedResults.ServerSentEvents(Events(conversations.AskStreamingAsync(started, request, cancellationToken), cancellationToken));
    }

    /// <summary>
    /// The conversation to continue with only the turns this key may see as its history, so a hidden answer never reaches
    /// the follow-up rewriter (and through it the standalone query and the new turn). Null, answered 404 like a missing
    /// conversation, when the conversation is unknown or has turns and none of them is visible to the key.
    /// </summary>
    private static async Task<ConversationContext?> StartVisibleAsync(
        HttpContext context,
        ConversationService conversations,
        IConversationStore conversationStore,
        IDocumentStore documents,
        ConversationRequest request,
        CancellationToken cancellationToken)
    {
        var started = await conversations.StartAsync(request.Tenant, request.ConversationId, request.Collection, cancellationToken);
        var visible = new VisibleTurns(context, documents);
        if (started is null || started.IsNew || visible.SeesAll)
        {
            return started;
        }

        var turns = await conversationStore.GetTurnsAsync(request.Tenant, started.Conversation.Id, cancellationToken);
        var seen = await visible.FilterAsync(turns, cancellationToken);
        if (turns.Count > 0 && seen.Count == 0)
        {
            return null;
        }

        return started with { History = [.. seen.Select(t => t.ToHistory())] };
    }

    private static ConversationRequest ToRequest(HttpContext context, AskBody body, SearchFilter filter) => new(
        body.Question!,
        Tenants.Current(context),
        string.IsNullOrWhiteSpace(body.ConversationId) ? null : body.ConversationId.Trim(),
        string.IsNullOrWhiteSpace(body.Collection) ? null : body.Collection)
    {
        Filter = filter,
    };

    private static async IAsyncEnumerable<SseItem<object>> Events(IAsyncEnumerable<ConversationUpdate> updates, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            if (update.Final is { } final)
            {
                yield return new SseItem<object>(AskResponse.From(final), "answer");
            }
            else if (!string.IsNullOrEmpty(update.Delta))
            {
                yield return new SseItem<object>(new { text = update.Delta }, "delta");
            }
        }
    }

    private static ProblemHttpResult? Validate(AskBody? body)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Question))
        {
            return Problems.Invalid("question", "'question' is required.");
        }

        return body.Question.Length > MaxQuestionLength
            ? Problems.Invalid("question", $"'question' is longer than {MaxQuestionLength} characters.")
            : null;
    }

    private static async Task<Results<Ok<AskResponse>, ProblemHttpResult>> AskAsync(
        HttpContext context,
        ConversationService conversations,
        IConversationStore conversationStore,
        IDocumentStore store,
        IOptions<IngestionOptions> ingestion,
        MetadataKeys metadataKeys,
        AskBody? body,
        CancellationToken cancellationToken)
    {
        if (Validate(body) is { } problem)
        {
            return problem;
        }

        var (filter, invalid) = await Readers.FilterAsync(context, metadataKeys, null, body!.Filter, cancellationToken);
        if (invalid is not null)
        {
            return Problems.Invalid("filter", invalid);
        }

        var request = ToRequest(context, body, filter!);
        if (await KnownCollections.CheckAsync(store, ingestion, request.Tenant, request.Collection, cancellationToken, Readers.Groups(context)) is { } unknown)
        {
            return unknown;
        }

        var started = await StartVisibleAsync(context, conversations, conversationStore, store, request, cancellationToken);
        if (started is null)
        {
            return ConversationsApi.NotFound(request.ConversationId!);
        }

        await foreach (var update in conversations.AskStreamingAsync(started, request, cancellationToken))
        {
            if (update.Final is { } answer)
            {
                return TypedResults.Ok(AskResponse.From(answer));
            }
        }

        throw new InvalidOperationException("The answer stream ended without a final answer.");
    }
}
