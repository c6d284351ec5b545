using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <param name="Rating">"up" or "down".</param>
/// <param name="CorrectedAnswer">The answer as it should have been; an answer with one is exported by <c>export-sft</c> whatever the rating.</param>
public sealed record FeedbackBody(string? Rating, string? CorrectedAnswer, string? Comment);

public sealed record FeedbackDto(string TurnId, string Rating, string? CorrectedAnswer, string? Comment, DateTimeOffset CreatedAt)
{
    public static FeedbackDto From(TurnFeedback f) => new(f.TurnId, FeedbackRatings.Text(f.Rating), f.CorrectedAnswer, f.Comment, f.CreatedAt);
}

/// <summary>Thumbs up/down and a corrected answer on a stored answer (a conversation turn), replacing earlier feedback on it.</summary>
public static class FeedbackApi
{
    public const int MaxCorrectedAnswerLength = 20_000;
    public const int MaxCommentLength = 2_000;

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/answers/{turnId}/feedback", SetAsync).WithTags("Feedback").RequireAuthorization(AccessPolicies.Ask);
        return app;
    }

    private static async Task<Results<Ok<FeedbackDto>, ProblemHttpResult>> SetAsync(
        HttpContext context,
        IConversationStore store,
        IDocumentStore documents,
        TimeProvider time,
        string turnId,
        FeedbackBody? body,
        CancellationToken cancellationToken)
    {
        if (body?.Rating is not ("up" or "down"))
        {
            return Problems.Invalid("rating", "'rating' is required and must be 'up' or 'down'.");
        }

        if (body.CorrectedAnswer?.Length > MaxCorrectedAnswerLength)
        {
            return Problems.Invalid("correctedAnswer", $"'correctedAnswer' may hold at most {MaxCorrectedAnswerLength} characters.");
        }

        if (body.Comment?.Length > MaxCommentLength)
        {
            return Problems.Invalid("comment", $"'comment' may hold at most {MaxCommentLength} characters.");
        }

        // A turn that cites a document this key may not read answers exactly like a missing one.
        var visible = new VisibleTurns(context, documents);
        if (!visible.SeesAll && (await store.GetTurnAsync(Tenants.Current(context), turnId, cancellationToken) is not { } turn || !await visible.CanSeeAsync(turn, cancellationToken)))
        {
            return AnswerNotFound(turnId);
        }

        var feedback = new TurnFeedback(
            turnId,
            Tenants.Current(context),
            FeedbackRatings.Parse(body.Rating),
            string.IsNullOrWhiteSpace(body.CorrectedAnswer) ? null : body.CorrectedAnswer.Trim(),
            string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim(),
            time.GetUtcNow());
        return await store.SetFeedbackAsync(feedback, cancellationToken)
            ? TypedResults.Ok(FeedbackDto.From(feedback))
            : AnswerNotFound(turnId);
    }

    private static ProblemHttpResult AnswerNotFound(string turnId) =>
        Problems.Status(StatusCodes.Status404NotFound, "Answer not found", $"No stored answer with id '{turnId}'.");
}
