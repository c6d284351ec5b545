using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <param name="Suspicious">Why the chunk looks like a planted instruction (kept out of answers); null when clean or cleared.</param>
/// <param name="Ordinal">0-based position of the chunk in its document version.</param>
/// <param name="TokenCount">The chunk's length in the encoder's tokens.</param>
public sealed record ChunkDto(
    string ChunkId, string DocumentId, string FileName, string Collection, int Version, int? Page, string? HeadingPath, string Text, PageBox? Box,
    string? Suspicious = null, int Ordinal = 0, int TokenCount = 0)
{
    public static ChunkDto From(DocumentRecord document, StoredChunk chunk) => new(
        chunk.Id, document.Id, document.FileName, document.Collection, chunk.Version, chunk.Page, chunk.HeadingPath, chunk.Text, chunk.Box, chunk.Suspicious,
        chunk.Ordinal, chunk.TokenCount);
}

/// <summary>
/// One stored chunk by id, so that a citation's start/end offsets can be shown inside the passage they point into; and
/// the admin's clearing of a chunk's planted-instruction flag.
/// </summary>
public static class ChunksApi
{
    public static IEndpointRouteBuilder MapChunksApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/chunks/{chunkId}", GetAsync).WithTags("Search").RequireAuthorization(AccessPolicies.Read);
        app.MapDelete("/api/chunks/{chunkId}/suspicious", ClearSuspiciousAsync).WithTags("Search").RequireAuthorization(AccessPolicies.Admin);
        return app;
    }

    private static async Task<Results<Ok<ChunkDto>, ProblemHttpResult>> GetAsync(HttpContext context, IDocumentStore store, string chunkId, CancellationToken cancellationToken)
    {
        // A chunk id starts with its document id (ChunkId.For), so the tenant check is the document's.
        var separator = chunkId.IndexOf(':', StringComparison.Ordinal);
        var document = separator > 0 ? await Readers.GetDocumentAsync(store, context, chunkId[..separator], cancellationToken) : null;
        var chunk = document is null ? null : (await store.GetChunksAsync(document.Id, cancellationToken)).FirstOrDefault(c => c.Id == chunkId);
        return document is null || chunk is null
            ? ChunkNotFound(chunkId)
            : TypedResults.Ok(ChunkDto.From(document, chunk));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearSuspiciousAsync(
        HttpContext context, DocumentService documents, ILogger<DocumentService> logger, string chunkId, CancellationToken cancellationToken)
    {
        var tenant = Tenants.Current(context);
        if (!await documents.ClearSuspiciousAsync(tenant, chunkId, cancellationToken))
        {
            return ChunkNotFound(chunkId);
        }

        var clearedBy = AccessClaims.KeyIdOf(context.User) ?? "(anonymous)";
        ChunksLog.SuspiciousCleared(logger, chunkId, tenant, clearedBy);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult ChunkNotFound(string chunkId) =>
        Problems.Status(StatusCodes.Status404NotFound, "Chunk not found", $"No chunk with id '{chunkId}'.");
}
