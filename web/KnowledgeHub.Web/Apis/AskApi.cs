using KnowledgeHub.Orchestration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

public sealed record AskBody(string? Question, string? Collection);

public sealed record CitationDto(int Number, string DocumentId, string FileName, int? Page, int Start, int End, string Quote, string ChunkId);

public sealed record AskResponse(string Answer, IReadOnlyList<CitationDto> Citations, bool Found, string Generator, AnswerUsage Usage)
{
    public static AskResponse From(Answer answer) => new(
        answer.Text,
        answer.Citations.Select(c => new CitationDto(c.Number, c.DocumentId, c.FileName, c.Page, c.Start, c.End, c.Quote, c.ChunkId)).ToList(),
        answer.Found,
        answer.Generator,
        answer.Usage);
}

public static class AskApi
{
    public const int MaxQuestionLength = 2000;

    public static IEndpointRouteBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ask", AskAsync).WithTags("Ask");
        return app;
    }

    private static async Task<Results<Ok<AskResponse>, ProblemHttpResult>> AskAsync(HttpContext context, AnswerService answers, AskBody? body, CancellationToken cancellationToken)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Question))
        {
            return Problems.Invalid("'question' is required.");
        }

        if (body.Question.Length > MaxQuestionLength)
        {
            return Problems.Invalid($"'question' is longer than {MaxQuestionLength} characters.");
        }

        var collection = string.IsNullOrWhiteSpace(body.Collection) ? null : body.Collection;
        var answer = await answers.AskAsync(new AskRequest(body.Question, Tenants.Current(context), collection), cancellationToken);
        return TypedResults.Ok(AskResponse.From(answer));
    }
}
