using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <param name="MaxTokens">Upper bound of a chunk in encoder tokens.</param>
/// <param name="OverlapTokens">Tokens repeated from one chunk at the start of the next; smaller than <paramref name="MaxTokens"/>.</param>
public sealed record CollectionChunkingBody(int? MaxTokens, int? OverlapTokens);

/// <param name="Source">"api" (set here), "configuration" (KnowledgeHub:Chunking:Collections) or "default" (KnowledgeHub:Chunking).</param>
/// <param name="DocumentsQueued">Documents given a new version to re-chunk (a change only; 0 when the effective settings stayed the same).</param>
public sealed record CollectionChunkingDto(string Collection, int MaxTokens, int OverlapTokens, string Source, int DocumentsQueued = 0)
{
    public static CollectionChunkingDto From(string collection, EffectiveChunking chunking, int queued = 0) =>
        new(collection, chunking.MaxTokens, chunking.OverlapTokens, chunking.Source.ToString().ToLowerInvariant(), queued);
}

/// <summary>
/// A collection's chunk size and overlap: read (admin), set (admin; overrides configuration) or reset to configuration
/// (admin). A change re-chunks the collection's documents in the background (<see cref="CollectionRechunker"/>).
/// </summary>
public static class CollectionChunkingApi
{
    public static IEndpointRouteBuilder MapCollectionChunkingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/collections/{name}/chunking").WithTags("Documents").RequireAuthorization(AccessPolicies.Admin);
        api.MapGet("/", GetAsync);
        api.MapPut("/", SetAsync);
        api.MapDelete("/", ResetAsync);
        return app;
    }

    private static async Task<Results<Ok<CollectionChunkingDto>, ProblemHttpResult>> GetAsync(
        HttpContext context, ChunkingSettings settings, string name, CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(CollectionChunkingDto.From(name, await settings.ForAsync(Tenants.Current(context), name, cancellationToken)));
    }

    private static async Task<Results<Ok<CollectionChunkingDto>, Accepted<CollectionChunkingDto>, ProblemHttpResult>> SetAsync(
        HttpContext context,
        ChunkingSettings settings,
        ICollectionChunkingStore store,
        CollectionRechunker rechunker,
        TimeProvider time,
        string name,
        CollectionChunkingBody? body,
        CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        if (body?.MaxTokens is not { } maxTokens)
        {
            return Problems.Invalid("maxTokens", "'maxTokens' is required.");
        }

        var tenant = Tenants.Current(context);
        var before = await settings.ForAsync(tenant, name, cancellationToken);

        // Without an overlap the collection keeps the one it has while it fits the new size, else takes an eighth of it.
        var overlapTokens = body.OverlapTokens ?? (before.OverlapTokens < maxTokens ? before.OverlapTokens : maxTokens / 8);
        if (ChunkingOptions.Problem(maxTokens, overlapTokens) is { } problem)
        {
            return Problems.Invalid(problem.StartsWith("MaxTokens", StringComparison.Ordinal) ? "maxTokens" : "overlapTokens", ApiNames(problem));
        }

        await store.SetChunkingAsync(new CollectionChunkingRecord(tenant, name, maxTokens, overlapTokens, time.GetUtcNow()), cancellationToken);
        var after = await settings.ForAsync(tenant, name, cancellationToken);
        return await AnswerAsync(rechunker, tenant, name, before, after, cancellationToken);
    }

    private static async Task<Results<Ok<CollectionChunkingDto>, Accepted<CollectionChunkingDto>, ProblemHttpResult>> ResetAsync(
        HttpContext context, ChunkingSettings settings, ICollectionChunkingStore store, CollectionRechunker rechunker, string name, CancellationToken cancellationToken)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        var tenant = Tenants.Current(context);
        var before = await settings.ForAsync(tenant, name, cancellationToken);
        await store.DeleteChunkingAsync(tenant, name, cancellationToken);
        return await AnswerAsync(rechunker, tenant, name, before, settings.FromConfiguration(name), cancellationToken);
    }

    /// <summary>200 when the effective settings stayed the same (nothing to re-chunk), else 202 with the documents queued.</summary>
    private static async Task<Results<Ok<CollectionChunkingDto>, Accepted<CollectionChunkingDto>, ProblemHttpResult>> AnswerAsync(
        CollectionRechunker rechunker, string tenant, string name, EffectiveChunking before, EffectiveChunking after, CancellationToken cancellationToken)
    {
        if (before.MaxTokens == after.MaxTokens && before.OverlapTokens == after.OverlapTokens)
        {
            return TypedResults.Ok(CollectionChunkingDto.From(name, after));
        }

        var queued = await rechunker.RechunkAsync(tenant, name, cancellationToken);
        return TypedResults.Accepted($"/api/documents?collection={Uri.EscapeDataString(name)}", CollectionChunkingDto.From(name, after, queued));
    }

    private static ProblemHttpResult? InvalidName(string name)
    {
        try
        {
            CollectionNames.Validate(name);
            return null;
        }
        catch (ArgumentException ex)
        {
            return Problems.Invalid("name", ex.Message);
        }
    }

    private static string ApiNames(string problem) =>
        problem.Replace("OverlapTokens", "'overlapTokens'", StringComparison.Ordinal).Replace("MaxTokens", "'maxTokens'", StringComparison.Ordinal);
}
