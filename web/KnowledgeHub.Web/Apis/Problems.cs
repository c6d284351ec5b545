using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

internal static class Problems
{
    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult DocumentNotFound(string id) =>
        Status(StatusCodes.Status404NotFound, "Document not found", $"No document with id '{id}'.");

    public static ProblemHttpResult Invalid(string detail) => Status(StatusCodes.Status400BadRequest, "Invalid request", detail);
}
