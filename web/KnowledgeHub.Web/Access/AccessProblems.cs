namespace KnowledgeHub.Web.Access;

internal static class AccessProblems
{
    public static async Task WriteForbiddenAsync(HttpContext context, IProblemDetailsService problems, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Insufficient role", Detail = detail },
        });
    }
}
