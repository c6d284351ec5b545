using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using KnowledgeHub.Orchestration;
using KnowledgeHub.Retrieval;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

public sealed record AskBody(string? Question, string? Collection);

public sealed record CitationDto(int Number, string DocumentId, string FileName, int? Page, int Start, int End, string Quote, string ChunkId, int Version, PageBox? Box, string? HeadingPath);

public sealed record AskResponse(
    string Answer,
    IReadOnlyList<CitationDto> Citations,
    bool Found,
    string Generator,
    AnswerUsage Usage,
    bool Grounded,
    IReadOnlyList<SentenceSupport> Sentences,
    string? PromptVersion)
{
    public static AskResponse From(Answer answer) => new(
        answer.Text,
        answer.Citations.Select(c => new CitationDto(c.Number, c.DocumentId, c.FileName, c.Page, c.Start, c.End, c.Quote, c.ChunkId, c.Version, c.Box, c.HeadingPath)).ToList(),
        answer.Found,
        answer.Generator,
        answer.Usage,
        answer.Grounded,
        answer.Sentences ?? [],
        answer.PromptVersion);
}

public static class AskApi
{
    public const int MaxQuestionLength = 2000;

    public static IEndpointRouteBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ask", AskAsync).WithTags("Ask");
        app.MapPost("/api/ask/stream", AskStreaming).WithTags("Ask");
        return app;
    }

    /// <summary>Server-Sent Events: `delta` events carry answer text as it is generated, one `answer` event carries the whole answer with citations.</summary>
    private static Results<ServerSentEventsResult<object>, ProblemHttpResult> AskStreaming(HttpContext context, AnswerService answers, AskBody? body, CancellationToken cancellationToken)
    {
        if (Validate(body) is { } problem)
        {
            return problem;
        }

        var request = new AskRequest(body!.Question!, Tenants.Current(context), string.IsNullOrWhiteSpace(body.Collection) ? null : body.Collection);
        return TypedResults.ServerSentEvents(Events(answers.AskStreamingAsync(request, cancellationToken), cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(IAsyncEnumerable<AnswerUpdate> updates, [EnumeratorCancellation] CancellationToken cancellationToken)
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
            return Problems.Invalid("'question' is required.");
        }

        return body.Question.Length > MaxQuestionLength
            ? Problems.Invalid($"'question' is longer than {MaxQuestionLength} characters.")
            : null;
    }

    private static async Task<Results<Ok<AskResponse>, ProblemHttpResult>> AskAsync(HttpContext context, AnswerService answers, AskBody? body, CancellationToken cancellationToken)
    {
        if (Validate(body) is { } problem)
        {
            return problem;
        }

        var collection = string.IsNullOrWhiteSpace(body!.Collection) ? null : body.Collection;
        var answer = await answers.AskAsync(new AskRequest(body.Question!, Tenants.Current(context), collection), cancellationToken);
        return TypedResults.Ok(AskResponse.From(answer));
    }
}
