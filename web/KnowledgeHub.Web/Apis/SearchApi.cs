using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Apis;

/// <param name="Tags">Only documents carrying at least one of these tags.</param>
/// <param name="CreatedFrom">Only documents created at or after this instant.</param>
/// <param name="CreatedBefore">Only documents created before this instant.</param>
/// <param name="Filter">Conditions on the documents' metadata, AND-combined: equality, gte/gt/lte/lt, any.</param>
public sealed record SearchBody(
    string? Query,
    string? Collection,
    int? Top,
    SearchMode? Mode,
    IReadOnlyList<string>? DocumentIds = null,
    IReadOnlyList<string>? Tags = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedBefore = null,
    System.Text.Json.JsonElement? Filter = null);

/// <param name="Suspicious">Why the chunk looks like a planted instruction (kept out of answers); null when clean.</param>
public sealed record SearchResultDto(
    string DocumentId, string FileName, int? Page, string Text, double Score, string ChunkId, string? HeadingPath, string Collection, int Version, PageBox? Box,
    IReadOnlyList<string>? Tags = null,
    string? Suspicious = null,
    IReadOnlyDictionary<string, object>? Metadata = null);

public sealed record SearchResponse(IReadOnlyList<SearchResultDto> Results);

public static class SearchApi
{
    public const int MaxTop = 100;
    public const int MaxFilterValues = 1000;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/search", SearchAsync).WithTags("Search").RequireAuthorization(AccessPolicies.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        HttpContext context,
        HybridRetriever retriever,
        IDocumentStore store,
        IOptions<IngestionOptions> ingestion,
        MetadataKeys metadataKeys,
        SearchBody? body,
        CancellationToken cancellationToken)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Query))
        {
            return Problems.Invalid("query", "'query' is required.");
        }

        var top = body.Top ?? 10;
        if (top is < 1 or > MaxTop)
        {
            return Problems.Invalid("top", $"'top' must be between 1 and {MaxTop}.");
        }

        if (body.CreatedFrom is { } from && body.CreatedBefore is { } before && from >= before)
        {
            return Problems.Invalid("createdFrom", "'createdFrom' must be earlier than 'createdBefore'.");
        }

        if (body.DocumentIds is { Count: > MaxFilterValues })
        {
            return Problems.Invalid("documentIds", $"'documentIds' takes at most {MaxFilterValues} values.");
        }

        if (body.Tags is { Count: > MaxFilterValues })
        {
            return Problems.Invalid("tags", $"'tags' takes at most {MaxFilterValues} values.");
        }

        var tenant = Tenants.Current(context);
        var collection = string.IsNullOrWhiteSpace(body.Collection) ? null : body.Collection;
        if (await KnownCollections.CheckAsync(store, ingestion, tenant, collection, cancellationToken, Readers.Groups(context)) is { } unknown)
        {
            return unknown;
        }

        var (readable, invalid) = await Readers.FilterAsync(context, metadataKeys, collection, body.Filter, cancellationToken);
        if (invalid is not null)
        {
            return Problems.Invalid("filter", invalid);
        }

        var filter = readable! with { DocumentIds = body.DocumentIds, Tags = body.Tags, CreatedFrom = body.CreatedFrom, CreatedBefore = body.CreatedBefore };
        var hits = await retriever.SearchAsync(body.Query, filter, top, body.Mode ?? SearchMode.Hybrid, cancellationToken);
        return TypedResults.Ok(new SearchResponse(hits.Select(h => new SearchResultDto(
            h.Chunk.DocumentId, h.Chunk.FileName, h.Chunk.Page, h.Chunk.Text, h.Score, h.Chunk.Id, h.Chunk.HeadingPath, h.Chunk.Collection, h.Chunk.Version, h.Chunk.Box, h.Chunk.Tags, h.Chunk.Suspicious,
            Retrieval.Metadata.DocumentMetadata.Shown(h.Chunk.Metadata))).ToList()));
    }
}
