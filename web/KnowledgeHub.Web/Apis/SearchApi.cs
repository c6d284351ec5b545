using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

public sealed record SearchBody(string? Query, string? Collection, int? Top, SearchMode? Mode);

public sealed record SearchResultDto(string DocumentId, string FileName, int? Page, string Text, double Score, string ChunkId, string? HeadingPath, string Collection, int Version, PageBox? Box);

public sealed record SearchResponse(IReadOnlyList<SearchResultDto> Results);

public static class SearchApi
{
    public const int MaxTop = 100;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/search", SearchAsync).WithTags("Search").RequireAuthorization(AccessPolicies.Read);
        return app;
    }

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(HttpContext context, HybridRetriever retriever, SearchBody? body, CancellationToken cancellationToken)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Query))
        {
            return Problems.Invalid("'query' is required.");
        }

        var top = body.Top ?? 10;
        if (top is < 1 or > MaxTop)
        {
            return Problems.Invalid($"'top' must be between 1 and {MaxTop}.");
        }

        var filter = new SearchFilter(Tenants.Current(context), string.IsNullOrWhiteSpace(body.Collection) ? null : body.Collection);
        var hits = await retriever.SearchAsync(body.Query, filter, top, body.Mode ?? SearchMode.Hybrid, cancellationToken);
        return TypedResults.Ok(new SearchResponse(hits.Select(h => new SearchResultDto(
            h.Chunk.DocumentId, h.Chunk.FileName, h.Chunk.Page, h.Chunk.Text, h.Score, h.Chunk.Id, h.Chunk.HeadingPath, h.Chunk.Collection, h.Chunk.Version, h.Chunk.Box)).ToList()));
    }
}
