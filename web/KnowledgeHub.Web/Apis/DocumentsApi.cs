using System.Text.Json;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Apis;

public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/documents").WithTags("Documents");
        api.MapPost("/", UploadAsync).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .Produces<DocumentDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(AccessPolicies.Ingest).RequireRateLimiting(RateLimits.Upload);
        api.MapGet("/", ListAsync).RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/{id}", GetAsync).RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/{id}/chunks", ListChunksAsync).RequireAuthorization(AccessPolicies.Read);
        api.MapDelete("/{id}", DeleteAsync).RequireAuthorization(AccessPolicies.Ingest);
        api.MapPost("/{id}/retry", RetryAsync).RequireAuthorization(AccessPolicies.Ingest);
        return app;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext context, DocumentService documents, IDocumentStore store, TimeProvider timeProvider, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var idempotencyKey = request.Headers[UploadIdempotency.Header].ToString();
        if (request.Headers.ContainsKey(UploadIdempotency.Header) && !UploadIdempotency.IsValid(idempotencyKey))
        {
            return Problems.Invalid($"'{UploadIdempotency.Header}' must be 1 to {UploadIdempotency.MaxKeyLength} printable ASCII characters.");
        }

        if (!request.HasFormContentType)
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Expected multipart/form-data", "Send the document as a multipart form with a field named 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return TooLargeOrBad(ex);
        }

        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "No file", "The multipart form has no field named 'file'.");
        }

        var tenant = Tenants.Current(context);
        var collection = form["collection"].ToString();
        var externalId = form["externalId"].ToString();

        // Tags arrive as repeated `tags` fields, comma-separated lists, or both.
        string[] tags = [.. form["tags"].Where(t => t is not null).Select(t => t!)];
        string? fingerprint = null;
        if (idempotencyKey.Length > 0)
        {
            fingerprint = await UploadIdempotency.FingerprintAsync(file, collection, externalId, string.Join(',', tags), cancellationToken);
            var earlier = await store.FindUploadReceiptAsync(tenant, idempotencyKey, timeProvider.GetUtcNow() - UploadIdempotency.Window, cancellationToken);
            if (earlier is not null)
            {
                return earlier.Fingerprint == fingerprint ? UploadIdempotency.Replay(context, earlier) : UploadIdempotency.Conflict();
            }
        }

        try
        {
            await using var body = file.OpenReadStream();
            var result = await documents.UploadAsync(tenant, collection, file.FileName, file.ContentType, body, externalId: externalId, tags: tags.Length == 0 ? null : tags, cancellationToken: cancellationToken);
            var dto = DocumentDto.From(result.Document, result.Duplicate, result.NewVersion);
            if (fingerprint is not null)
            {
                var now = timeProvider.GetUtcNow();
                var mine = new UploadReceipt(
                    tenant, idempotencyKey, fingerprint, dto.Id, StatusCodes.Status202Accepted, JsonSerializer.Serialize(dto, json.Value.SerializerOptions), now);
                var stored = await store.AddUploadReceiptAsync(mine, now - UploadIdempotency.Window, cancellationToken);
                if (stored != mine)
                {
                    // A concurrent request with the same key stored its answer first; answer as it did.
                    return stored.Fingerprint == fingerprint ? UploadIdempotency.Replay(context, stored) : UploadIdempotency.Conflict();
                }
            }

            return TypedResults.Accepted($"/api/documents/{dto.Id}", dto);
        }
        catch (UploadTooLargeException ex)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Upload too large", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Invalid upload", ex.Message);
        }
    }

    private static ProblemHttpResult TooLargeOrBad(Exception ex) =>
        ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
            ? Problems.Status(StatusCodes.Status413PayloadTooLarge, "Upload too large", "The upload is larger than the configured limit (KnowledgeHub:Ingestion:MaxUploadBytes).")
            : Problems.Status(StatusCodes.Status400BadRequest, "Malformed upload", "The multipart form could not be read.");

    /// <summary>Newest first, <paramref name="limit"/> at a time: follow `next` (or pass `nextCursor` as `cursor`), or page by `offset`.</summary>
    private static async Task<Results<Ok<DocumentListDto>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        IDocumentStore store,
        string? collection,
        string? status,
        string? fileName,
        DateTimeOffset? createdFrom,
        DateTimeOffset? createdTo,
        int? limit,
        string? cursor,
        int? offset,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > DocumentQuery.MaxLimit)
        {
            return Problems.Invalid($"'limit' must be between 1 and {DocumentQuery.MaxLimit}.");
        }

        if (offset is < 0)
        {
            return Problems.Invalid("'offset' must not be negative.");
        }

        DocumentStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!status.All(char.IsAsciiLetter) || !Enum.TryParse<DocumentStatus>(status, ignoreCase: true, out var parsed))
            {
                return Problems.Invalid("'status' must be queued, processing, completed or failed.");
            }

            statusFilter = parsed;
        }

        DocumentCursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (offset is not null)
            {
                return Problems.Invalid("Pass either 'cursor' or 'offset', not both.");
            }

            if (!DocumentCursor.TryDecode(cursor, out after))
            {
                return Problems.Invalid("'cursor' is not a cursor this server issued; pass 'nextCursor' from the previous page unchanged.");
            }
        }

        var query = new DocumentQuery
        {
            Collection = string.IsNullOrWhiteSpace(collection) ? null : collection,
            Status = statusFilter,
            FileNameContains = string.IsNullOrEmpty(fileName) ? null : fileName,
            CreatedFrom = createdFrom,
            CreatedTo = createdTo,
            Limit = limit ?? DocumentQuery.DefaultLimit,
            After = after,
            Offset = offset ?? 0,
        };
        var page = await store.ListPageAsync(Tenants.Current(context), query, cancellationToken);
        var suspicious = await store.CountSuspiciousChunksAsync([.. page.Documents.Select(d => d.Id)], cancellationToken);
        var nextCursor = page.Next?.Encode();
        return TypedResults.Ok(new DocumentListDto(
            page.Documents.Select(d => DocumentDto.From(d, suspiciousChunks: suspicious.GetValueOrDefault(d.Id))).ToList(),
            page.Total,
            nextCursor,
            nextCursor is null ? null : NextLink(context.Request, nextCursor)));
    }

    private static string NextLink(HttpRequest request, string nextCursor)
    {
        var query = new QueryBuilder(QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => p.Key is not ("cursor" or "offset"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty))))
        {
            { "cursor", nextCursor },
        };
        return request.PathBase + request.Path + query.ToQueryString();
    }

    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> GetAsync(
        HttpContext context, DocumentService documents, IDocumentStore store, string id, CancellationToken cancellationToken)
    {
        var document = await documents.GetAsync(Tenants.Current(context), id, cancellationToken);
        if (document is null)
        {
            return Problems.DocumentNotFound(id);
        }

        var suspicious = await store.CountSuspiciousChunksAsync([document.Id], cancellationToken);
        return TypedResults.Ok(DocumentDto.From(document, suspiciousChunks: suspicious.GetValueOrDefault(document.Id)));
    }

    /// <summary>The chunks of the document's current version; with `suspicious=true` only those flagged as planted instructions.</summary>
    private static async Task<Results<Ok<ChunkListDto>, ProblemHttpResult>> ListChunksAsync(
        HttpContext context, IDocumentStore store, string id, bool? suspicious, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(Tenants.Current(context), id, cancellationToken);
        if (document is null)
        {
            return Problems.DocumentNotFound(id);
        }

        var chunks = (await store.GetChunksAsync(document.Id, cancellationToken))
            .Where(c => c.Version == document.Version && (suspicious != true || c.Suspicious is not null))
            .Select(c => ChunkDto.From(document, c))
            .ToList();
        return TypedResults.Ok(new ChunkListDto(chunks));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, DocumentService documents, string id, CancellationToken cancellationToken) =>
        await documents.DeleteAsync(Tenants.Current(context), id, cancellationToken) ? TypedResults.NoContent() : Problems.DocumentNotFound(id);

    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> RetryAsync(HttpContext context, DocumentService documents, string id, CancellationToken cancellationToken)
    {
        var document = await documents.RetryAsync(Tenants.Current(context), id, cancellationToken);
        return document is null ? Problems.DocumentNotFound(id) : TypedResults.Ok(DocumentDto.From(document));
    }
}
