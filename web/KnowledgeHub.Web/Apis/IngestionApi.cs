using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <summary>GET /api/ingestion: the tenant's ingestion queue, its throughput and its stalled documents (admin and ingest keys).</summary>
public static class IngestionApi
{
    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ingestion", GetAsync).WithTags("Ingestion").RequireAuthorization(AccessPolicies.Ingest);
        return app;
    }

    private static async Task<Ok<IngestionDto>> GetAsync(HttpContext context, IngestionBacklog backlog, CancellationToken cancellationToken)
    {
        var snapshot = await backlog.SnapshotAsync(Tenants.Current(context), cancellationToken);
        return TypedResults.Ok(IngestionDto.From(snapshot));
    }
}
