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
        IDocumentStore documents,
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

        var visible = new VisibleTurns(context, documents);
        if (visible.SeesAll)
        {
            var page = await store.ListAsync(Tenants.Current(context), skip, take, cancellationToken);
            return TypedResults.Ok(new ConversationListDto([.. page.Items.Select(ConversationDto.From)], page.Total, skip, take));
        }

        var shown = await VisibleConversationsAsync(context, store, visible, cancellationToken);
        return TypedResults.Ok(new ConversationListDto([.. shown.Skip(skip).Take(take)], shown.Count, skip, take));
    }

    /// <summary>
    /// The conversations a key with groups may see, with only its visible turns counted and dated: one with turns, none
    /// of them visible, is left out, so neither its id, collection, count nor activity time reaches the key. This reads
    /// every conversation's turns; conversations are few next to chunks, and retention bounds them.
    /// </summary>
    private static async Task<List<ConversationDto>> VisibleConversationsAsync(
        HttpContext context, IConversationStore store, VisibleTurns visible, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        var shown = new List<ConversationDto>();
        for (var offset = 0; ; offset += MaxLimit)
        {
            var page = await store.ListAsync(tenant, offset, MaxLimit, cancellationToken);
            foreach (var conversation in page.Items)
            {
                var turns = await store.GetTurnsAsync(tenant, conversation.Id, cancellationToken);
                var seen = await visible.FilterAsync(turns, cancellationToken);
                if (turns.Count == 0)
                {
                    shown.Add(ConversationDto.From(conversation) with { TurnCount = 0 });
                }
                else if (seen.Count > 0)
                {
                    shown.Add(ConversationDto.From(conversation) with { TurnCount = seen.Count, UpdatedAt = seen[^1].AnsweredAt });
                }
            }

            if (page.Items.Count < MaxLimit || offset + MaxLimit >= page.Total)
            {
                return shown;
            }
        }
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
        var visible = new VisibleTurns(context, documents);
        var dtos = new List<TurnDto>(turns.Count);
        foreach (var turn in turns)
        {
            // Conversations belong to the tenant; a turn that cites a document this key may not read is not shown to it.
            if (!await visible.CanSeeAsync(turn, cancellationToken))
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

        // A hidden later turn must not show through the activity time either.
        var updatedAt = dtos.Count < turns.Count && dtos.Count > 0 ? dtos[^1].AnsweredAt : conversation.UpdatedAt;
        return TypedResults.Ok(new ConversationDetailDto(conversation.Id, conversation.Collection, conversation.CreatedAt, updatedAt, dtos));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext context, IConversationStore store, IDocumentStore documents, string id, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        var visible = new VisibleTurns(context, documents);
        if (!visible.SeesAll)
        {
            var turns = await store.GetTurnsAsync(tenant, id, cancellationToken);
            var seen = await visible.FilterAsync(turns, cancellationToken);
            if (turns.Count > 0 && seen.Count == 0)
            {
                return NotFound(id);
            }

            if (seen.Count < turns.Count)
            {
                return Problems.Status(
                    StatusCodes.Status403Forbidden, "Conversation not deletable", "The conversation holds answers this key may not see; an admin key may delete it.");
            }
        }

        return await store.DeleteAsync(tenant, id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }
}
