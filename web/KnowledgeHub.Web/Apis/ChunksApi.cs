using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

public sealed record ChunkDto(string ChunkId, string DocumentId, string FileName, string Collection, int Version, int? Page, string? HeadingPath, string Text, PageBox? Box);

/// <summary>One stored chunk by id, so that a citation's start/end offsets can be shown inside the passage they point into.</summary>
public static class ChunksApi
{
    public static IEndpointRouteBuilder MapChunksApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/chunks/{chunkId}", GetAsync).WithTags("Search");
        return app;
    }

    private static async Task<Results<Ok<ChunkDto>, ProblemHttpResult>> GetAsync(HttpContext context, IDocumentStore store, string chunkId, CancellationToken cancellationToken)
    {
        // A chunk id starts with its document id (ChunkId.For), so the tenant check is the document's.
        var separator = chunkId.IndexOf(':', StringComparison.Ordinal);
        var document = separator > 0 ? await store.GetAsync(Tenants.Current(context), chunkId[..separator], cancellationToken) : null;
        var chunk = document is null ? null : (await store.GetChunksAsync(document.Id, cancellationToken)).FirstOrDefault(c => c.Id == chunkId);
        return document is null || chunk is null
            ? Problems.Status(StatusCodes.Status404NotFound, "Chunk not found", $"No chunk with id '{chunkId}'.")
            : TypedResults.Ok(new ChunkDto(chunk.Id, document.Id, document.FileName, document.Collection, chunk.Version, chunk.Page, chunk.HeadingPath, chunk.Text, chunk.Box));
    }
}
