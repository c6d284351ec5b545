using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

internal static class Problems
{
    private const int MaxShownName = 100;

    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult DocumentNotFound(string id) =>
        Status(StatusCodes.Status404NotFound, "Document not found", $"No document with id '{id}'.");

    public static ProblemHttpResult CollectionNotFound(string collection) =>
        Status(
            StatusCodes.Status404NotFound,
            "Collection not found",
            $"Collection '{(collection.Length > MaxShownName ? collection[..MaxShownName] + "..." : collection)}' not found: no document of yours is in it. GET /api/collections lists your collections.");

    public static ProblemHttpResult Invalid(string detail) => Status(StatusCodes.Status400BadRequest, "Invalid request", detail);

    /// <summary>A 400 whose <c>errors</c> names the field, the way binding failures do (<see cref="RequestProblems"/>).</summary>
    public static ProblemHttpResult Invalid(string field, string detail, string title = "Invalid request") =>
        TypedResults.Problem(RequestProblems.Invalid(title, field, detail));
}
