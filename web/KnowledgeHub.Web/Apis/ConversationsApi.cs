using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

public sealed record ConversationDto(string Id, string? Collection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int TurnCount)
{
    public static ConversationDto From(Conversation c) => new(c.Id, c.Collection, c.CreatedAt, c.UpdatedAt, c.TurnCount);
}

public sealed record ConversationListDto(IReadOnlyList<ConversationDto> Items, int Total, int Offset, int Limit);

public sealed record TurnDto(
    string Id,
    int Ordinal,
    string? Collection,
    string Question,
    string StandaloneQuery,
    string Answer,
    IReadOnlyList<CitationDto> Citations,
    bool Found,
    bool Grounded,
    string Generator,
    string? PromptVersion,
    AnswerUsage Usage,
    DateTimeOffset AskedAt,
    DateTimeOffset AnsweredAt,
    FeedbackDto? Feedback = null)
{
    public static TurnDto From(RecordedTurn t) => new(
        t.Id,
        t.Ordinal,
        t.Collection,
        t.Question,
        t.StandaloneQuery,
        t.Answer,
        CitationsJson.Read(t.CitationsJson).Select(CitationDto.From).ToList(),
        t.Found,
        t.Grounded,
        t.Generator,
        t.PromptVersion,
        t.Usage,
        t.AskedAt,
        t.AnsweredAt);
}

public sealed record ConversationDetailDto(string Id, string? Collection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<TurnDto> Turns);

/// <summary>The tenant's stored conversations: list (paged), one with its turns, delete.</summary>
public static class ConversationsApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/conversations").WithTags("Conversations").RequireAuthorization(AccessPolicies.Ask);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapDelete("/{id}", DeleteAsync);
        return app;
    }

    internal static ProblemHttpResult NotFound(string id) =>
        Problems.Status(StatusCodes.Status404NotFound, "Conversation not found", $"No conversation with id '{id}'.");

    private static async Task<Results<Ok<ConversationListDto>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        IConversationStore store,
        int? offset,
        int? limit,
        CancellationToken cancellationToken)
    {
        var skip = offset ?? 0;
        var take = limit ?? DefaultLimit;
        if (skip < 0)
        {
            return Problems.Invalid("offset", "'offset' must be 0 or more.");
        }

        if (take is < 1 or > MaxLimit)
        {
            return Problems.Invalid("limit", $"'limit' must be between 1 and {MaxLimit}.");
        }

        var page = await store.ListAsync(Tenants.Current(context), skip, take, cancellationToken);
        return TypedResults.Ok(new ConversationListDto([.. page.Items.Select(ConversationDto.From)], page.Total, skip, take));
    }

    private static async Task<Results<Ok<ConversationDetailDto>, ProblemHttpResult>> GetAsync(
        HttpContext context, IConversationStore store, IDocumentStore documents, string id, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        var conversation = await store.GetAsync(tenant, id, cancellationToken);
        if (conversation is null)
        {
            return NotFound(id);
        }

        var turns = await store.GetTurnsAsync(tenant, id, cancellationToken);
        var dtos = new List<TurnDto>(turns.Count);
        var readable = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var turn in turns)
        {
            // Conversations belong to the tenant; a turn that cites a document this key may not read is not shown to it.
            if (!await CitesOnlyReadableAsync(context, documents, turn, readable, cancellationToken))
            {
                continue;
            }

            // A conversation holds a handful of turns; one lookup each keeps the store seam small.
            var feedback = await store.GetFeedbackAsync(tenant, turn.Id, cancellationToken);
            dtos.Add(TurnDto.From(turn) with { Feedback = feedback is null ? null : FeedbackDto.From(feedback) });
        }

        if (dtos.Count == 0 && turns.Count > 0)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(new ConversationDetailDto(conversation.Id, conversation.Collection, conversation.CreatedAt, conversation.UpdatedAt, dtos));
    }

    private static async Task<bool> CitesOnlyReadableAsync(
        HttpContext context, IDocumentStore documents, RecordedTurn turn, Dictionary<string, bool> readable, CancellationToken cancellationToken)
    {
        if (Readers.Groups(context) is null)
        {
            return true;
        }

        foreach (var documentId in CitationsJson.Read(turn.CitationsJson).Select(c => c.DocumentId).Distinct(StringComparer.Ordinal))
        {
            if (!readable.TryGetValue(documentId, out var canRead))
            {
                // A cited document deleted since stays hidden too: its groups are unknown.
                canRead = await Readers.GetDocumentAsync(documents, context, documentId, cancellationToken) is not null;
                readable[documentId] = canRead;
            }

            if (!canRead)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, IConversationStore store, string id, CancellationToken cancellationToken) =>
        await store.DeleteAsync(Tenants.Current(context), id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
}
