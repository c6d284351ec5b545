using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

public sealed record CollectionListDto(IReadOnlyList<CollectionSummary> Collections);

/// <summary>The tenant's collections, so that a client can offer them without paging through every document.</summary>
public static class CollectionsApi
{
    public static IEndpointRouteBuilder MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/collections", ListAsync).WithTags("Documents").RequireAuthorization(AccessPolicies.Read);
        return app;
    }

    private static async Task<Ok<CollectionListDto>> ListAsync(HttpContext context, IDocumentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CollectionListDto(await Readers.CollectionsAsync(store, Tenants.Current(context), Readers.Groups(context), cancellationToken)));
}
