using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <param name="Suspicious">Why the chunk looks like a planted instruction (kept out of answers); null when clean or cleared.</param>
/// <param name="Ordinal">0-based position of the chunk in its document version.</param>
/// <param name="TokenCount">The chunk's length in the encoder's tokens.</param>
/// <param name="Corrected">True when a person corrected the text; <paramref name="Text"/> is then the corrected one.</param>
/// <param name="Excluded">True when a person excluded the chunk from retrieval: never searched, answered from or cited.</param>
/// <param name="OriginalText">The text ingestion gave the chunk, when it was corrected; else null.</param>
/// <param name="EditedBy">The id of the API key that made the last correction or exclusion; null when never edited.</param>
/// <param name="EditedByName">That key's name.</param>
/// <param name="EditedAt">When the last correction or exclusion was made.</param>
public sealed record ChunkDto(
    string ChunkId, string DocumentId, string FileName, string Collection, int Version, int? Page, string? HeadingPath, string Text, PageBox? Box,
    string? Suspicious = null, int Ordinal = 0, int TokenCount = 0, bool Corrected = false, bool Excluded = false, string? OriginalText = null,
    string? EditedBy = null, string? EditedByName = null, DateTimeOffset? EditedAt = null)
{
    public static ChunkDto From(DocumentRecord document, StoredChunk chunk) => new(
        chunk.Id, document.Id, document.FileName, document.Collection, chunk.Version, chunk.Page, chunk.HeadingPath, chunk.Text, chunk.Box, chunk.Suspicious,
        chunk.Ordinal, chunk.TokenCount, chunk.Correction?.Text is not null, chunk.Excluded,
        chunk.Correction?.Text is null ? null : chunk.Correction.OriginalText, chunk.Correction?.EditedBy, chunk.Correction?.EditedByName, chunk.Correction?.EditedAt);
}

/// <summary>
/// One stored chunk by id, so that a citation's start/end offsets can be shown inside the passage they point into; the
/// admin's clearing of a chunk's planted-instruction flag; and a person's correction or exclusion of a chunk
/// (<see cref="ChunkCorrector"/>).
/// </summary>
public static class ChunksApi
{
    public static IEndpointRouteBuilder MapChunksApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/chunks/{chunkId}", GetAsync).WithTags("Search").RequireAuthorization(AccessPolicies.Read);
        app.MapPatch("/api/chunks/{chunkId}", PatchAsync).WithTags("Search").RequireAuthorization(AccessPolicies.Ingest)
            .Accepts<ChunkPatchBody>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
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

    private static async Task<Results<Ok<ChunkDto>, ProblemHttpResult>> PatchAsync(
        HttpContext context, IDocumentStore store, ChunkCorrector corrector, ILogger<ChunkCorrector> logger, string chunkId, CancellationToken cancellationToken)
    {
        var (body, problem) = await ChunkPatchBody.ReadAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (body.Text is not null && corrector.Problem(body.Text) is { } textProblem)
        {
            return Problems.Invalid("text", textProblem);
        }

        // Read access first, exactly as GET: a chunk of a document the key cannot read is as missing as one that is not.
        var separator = chunkId.IndexOf(':', StringComparison.Ordinal);
        var document = separator > 0 ? await Readers.GetDocumentAsync(store, context, chunkId[..separator], cancellationToken) : null;
        if (document is null)
        {
            return ChunkNotFound(chunkId);
        }

        var keyId = AccessClaims.KeyIdOf(context.User) ?? "(anonymous)";
        var (outcome, chunk) = await corrector.CorrectAsync(document, chunkId, body.Text, body.Excluded, keyId, context.User.Identity?.Name, cancellationToken);
        switch (outcome)
        {
            case ChunkCorrectionOutcome.NotCompleted:
                return Problems.Status(
                    StatusCodes.Status409Conflict,
                    "Document not settled",
                    $"Document '{document.Id}' is {DocumentDtoStatus(document)}; its chunks can be corrected once its ingestion has completed.");
            case ChunkCorrectionOutcome.Corrected when chunk is not null:
                ChunksLog.ChunkCorrected(logger, chunkId, document.Tenant, keyId, body.Text is not null, chunk.Excluded);
                return TypedResults.Ok(ChunkDto.From(document, chunk));
            default:
                return ChunkNotFound(chunkId);
        }
    }

    private static string DocumentDtoStatus(DocumentRecord document) => document.Status.ToString().ToLowerInvariant();

    private static ProblemHttpResult ChunkNotFound(string chunkId) =>
        Problems.Status(StatusCodes.Status404NotFound, "Chunk not found", $"No chunk with id '{chunkId}'.");
}
