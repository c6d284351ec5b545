using KnowledgeHub.Ingestion.Documents;
using Microsoft.AspNetCore.Diagnostics;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// Turns the framework's binding failures into problems that name the field (<see cref="RequestProblems"/>), and a full
/// disk anywhere into 507; everything else stays with the default handler (500, logged).
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => RequestProblems.FromBadRequest(httpContext, bad),
            _ when DiskFull.Is(exception) => StorageFull.Problem(),
            _ => null,
        };
        if (problem is null || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
