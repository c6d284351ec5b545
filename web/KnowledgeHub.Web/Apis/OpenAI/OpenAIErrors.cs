using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>
/// Errors of the OpenAI surface are ProblemDetails like every other KnowledgeHub error, and also carry OpenAI's
/// <c>error</c> object ({message, type, param, code}), which is what OpenAI client libraries read and show.
/// </summary>
internal static class OpenAIErrors
{
    public const string InvalidRequest = "invalid_request_error";

    public static ProblemHttpResult Invalid(string detail, string? param, string? code = null) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid request", detail, InvalidRequest, param, code);

    public static ProblemHttpResult ModelNotFound(string model) =>
        Problem(StatusCodes.Status404NotFound, "Model not found", ChatModels.NotFoundDetail(model), InvalidRequest, "model", "model_not_found");

    /// <summary>The <c>error</c> object alone, for an error that happens after a stream has started.</summary>
    public static object ErrorObject(string message, string type, string? param = null, string? code = null) =>
        new Dictionary<string, object?> { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code };

    private static ProblemHttpResult Problem(int status, string title, string detail, string type, string? param, string? code) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["error"] = ErrorObject(detail, type, param, code) });
}
