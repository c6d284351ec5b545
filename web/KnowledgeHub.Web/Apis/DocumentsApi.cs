using System.Text.Json;
using KnowledgeHub.Connectors;
using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Apis;

public static partial class DocumentsApi
{
    /// <summary>`file` parts one request may carry; together they stay within the upload's body limit.</summary>
    public const int MaxFilesPerRequest = 100;

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/documents").WithTags("Documents");
        api.MapPost("/", UploadAsync).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data").WithBodyLimit(BodyLimitKind.Upload)
            .Produces<DocumentDto>(StatusCodes.Status202Accepted).Produces<UploadListDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .RequireAuthorization(AccessPolicies.Ingest).RequireRateLimiting(RateLimits.Upload);
        api.MapGet("/", ListAsync).RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/{id}", GetAsync).RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/{id}/chunks", ListChunksAsync).RequireAuthorization(AccessPolicies.Read);
        api.MapDelete("/{id}", DeleteAsync).RequireAuthorization(AccessPolicies.Ingest);
        api.MapPost("/{id}/retry", RetryAsync).RequireAuthorization(AccessPolicies.Ingest);
        api.MapPatch("/{id}", PatchAsync).RequireAuthorization(AccessPolicies.Ingest)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext context,
        DocumentService documents,
        IOptions<JsonOptions> json,
        ILogger<DocumentService> logger,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        var idempotencyKey = request.Headers[UploadIdempotency.Header].ToString();
        if (request.Headers.ContainsKey(UploadIdempotency.Header) && !UploadKeys.IsValid(idempotencyKey))
        {
            return Problems.Invalid(UploadIdempotency.Header, $"'{UploadIdempotency.Header}' must be 1 to {UploadKeys.MaxLength} printable ASCII characters.");
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
            return TooLargeOrBad(context, ex);
        }

        var files = form.Files.GetFiles("file");
        if (files.Count == 0)
        {
            return Problems.Invalid("file", "The multipart form has no field named 'file'.", "No file");
        }

        IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? metadata = null;
        if (form.ContainsKey("metadata"))
        {
            try
            {
                metadata = Retrieval.Metadata.DocumentMetadata.Parse(form["metadata"].ToString());
            }
            catch (ArgumentException ex)
            {
                return Problems.Invalid("metadata", ex.Message);
            }
        }

        var upload = new Upload(
            Tenants.Current(context),
            form["collection"].ToString(),
            form["externalId"].ToString(),

            // Tags and access groups arrive as repeated fields, comma-separated lists, or both.
            [.. form["tags"].Where(t => t is not null).Select(t => t!)],
            form.ContainsKey("accessGroups") ? [.. form["accessGroups"].Where(t => t is not null).Select(t => t!)] : null,
            Readers.Groups(context),
            metadata);
        if (Expand(form))
        {
            return await UploadArchiveAsync(context, documents, logger, upload, files, idempotencyKey, cancellationToken);
        }

        if (files.Count == 1)
        {
            return await UploadOneAsync(context, documents, json, logger, upload, files[0], idempotencyKey, cancellationToken);
        }

        if (files.Count > MaxFilesPerRequest)
        {
            return Problems.Invalid("file", $"A request may carry at most {MaxFilesPerRequest} 'file' parts; this one has {files.Count}.", "Too many files");
        }

        if (idempotencyKey.Length > 0)
        {
            return Problems.Invalid(
                UploadIdempotency.Header,
                $"'{UploadIdempotency.Header}' identifies the upload of one file; this request has {files.Count} 'file' parts. Send each file in a request of its own with its own key, or leave the header out.");
        }

        if (upload.ExternalId.Length > 0)
        {
            return Problems.Invalid("externalId", $"'externalId' names one document; this request has {files.Count} 'file' parts. Send a file with an external id in a request of its own.");
        }

        return await UploadManyAsync(documents, logger, upload, files, cancellationToken);
    }

    /// <summary>One `file` part: the answer is the document itself (or its problem), as before several parts were accepted.</summary>
    private static async Task<IResult> UploadOneAsync(
        HttpContext context,
        DocumentService documents,
        IOptions<JsonOptions> json,
        ILogger logger,
        Upload upload,
        IFormFile file,
        string idempotencyKey,
        CancellationToken cancellationToken)
    {
        UploadKeyDecision? key = null;
        if (idempotencyKey.Length > 0)
        {
            await using (var content = file.OpenReadStream())
            {
                key = await documents.CheckUploadKeyAsync(
                    upload.Tenant, idempotencyKey, content, file.FileName, upload.Collection, upload.ExternalId, upload.Tags, upload.Attributes, cancellationToken);
            }

            if (key.Outcome != UploadKeyOutcome.Proceed)
            {
                return UploadIdempotency.Answer(context, key);
            }
        }

        var (dto, problem) = await StoreAsync(documents, logger, upload, file, cancellationToken);
        if (dto is null)
        {
            return TypedResults.Problem(problem!);
        }

        if (key is not null)
        {
            var kept = await documents.KeepUploadAnswerAsync(
                key, dto.Id, StatusCodes.Status202Accepted, JsonSerializer.Serialize(dto, json.Value.SerializerOptions), cancellationToken);
            if (kept.Outcome != UploadKeyOutcome.Proceed)
            {
                // A concurrent request with the same key kept its answer first; answer as it did.
                return UploadIdempotency.Answer(context, kept);
            }
        }

        return TypedResults.Accepted($"/api/documents/{dto.Id}", dto);
    }

    /// <summary>
    /// Several `file` parts, stored in order as if uploaded one after another: each is accepted or refused on its own and
    /// the answer lists them all. A full disk stops the rest, which are refused with the same 507.
    /// </summary>
    private static async Task<IResult> UploadManyAsync(DocumentService documents, ILogger logger, Upload upload, IReadOnlyList<IFormFile> files, CancellationToken cancellationToken)
    {
        var entries = new List<UploadEntryDto>(files.Count);
        ProblemDetails? diskFull = null;
        for (var i = 0; i < files.Count; i++)
        {
            var (dto, problem) = diskFull is null ? await StoreAsync(documents, logger, upload, files[i], cancellationToken) : (null, diskFull);
            if (problem?.Status == StatusCodes.Status507InsufficientStorage)
            {
                diskFull = problem;
            }

            entries.Add(dto is not null
                ? new UploadEntryDto(i, dto.FileName, StatusCodes.Status202Accepted, Document: dto)
                : new UploadEntryDto(i, ShownName(files[i].FileName), problem!.Status ?? StatusCodes.Status400BadRequest, Problem: problem));
        }

        var accepted = entries.Count(e => e.Document is not null);
        var list = new UploadListDto(entries, accepted, entries.Count - accepted);
        if (accepted > 0)
        {
            return TypedResults.Json(list, statusCode: StatusCodes.Status202Accepted);
        }

        // Nothing was stored: the request failed as a whole, with the parts' own problems listed.
        var statuses = entries.Select(e => e.Status).Distinct().ToList();
        var refusal = new ProblemDetails
        {
            Status = statuses.Count == 1 ? statuses[0] : StatusCodes.Status400BadRequest,
            Title = "No file accepted",
            Detail = $"None of the {files.Count} 'file' parts was accepted; 'uploads' says why for each.",
        };
        refusal.Extensions["uploads"] = entries;
        return TypedResults.Problem(refusal);
    }

    /// <summary>Stores one part; the document, or the problem a single-file upload of it would answer.</summary>
    private static Task<(DocumentDto? Document, ProblemDetails? Problem)> StoreAsync(
        DocumentService documents, ILogger logger, Upload upload, IFormFile file, CancellationToken cancellationToken) =>
        StoreAsync(documents, logger, upload, file.FileName, file.ContentType, file.OpenReadStream, upload.ExternalId, cancellationToken);

    /// <summary>Stores one file (a part, or an entry of an archive) under <paramref name="externalId"/>.</summary>
    private static async Task<(DocumentDto? Document, ProblemDetails? Problem)> StoreAsync(
        DocumentService documents, ILogger logger, Upload upload, string fileName, string? contentType, Func<Stream> open, string externalId, CancellationToken cancellationToken)
    {
        var sentName = LogText.Escape(fileName);
        ProblemDetails problem;
        try
        {
            await using var body = open();
            var result = await documents.UploadAsync(
                upload.Tenant, upload.Collection, fileName, contentType, body, externalId: externalId, tags: upload.Tags.Count == 0 ? null : upload.Tags, cancellationToken: cancellationToken,
                accessGroups: upload.AccessGroups, readerGroups: upload.ReaderGroups, metadata: upload.Metadata);
            var document = result.Document;
            UploadLog.Accepted(logger, sentName, document.Id, document.Version, document.Collection, document.FileName, result.Duplicate);
            return (DocumentDto.From(document, result.Duplicate, result.NewVersion), null);
        }
        catch (UploadTooLargeException ex)
        {
            problem = Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"The upload is larger than the limit of {ex.MaxBytes} bytes ({IngestionOptions.Section}:{nameof(IngestionOptions.MaxUploadBytes)}).");
            problem.Extensions["limitBytes"] = ex.MaxBytes;
        }
        catch (ArgumentException ex)
        {
            problem = Problem(StatusCodes.Status400BadRequest, "Invalid upload", ex.Message);
        }
        catch (DocumentNotReadableException ex)
        {
            problem = Problem(StatusCodes.Status409Conflict, "Name taken", ex.Message);
        }
        catch (Exception ex) when (DiskFull.Is(ex))
        {
            UploadLog.DiskFull(logger, ex, sentName);
            return (null, StorageFull.Problem("The upload was not stored"));
        }

        UploadLog.Refused(logger, sentName, problem.Status!.Value, problem.Title!);
        return (null, problem);
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static string ShownName(string fileName)
    {
        try
        {
            return FileNames.Clean(fileName);
        }
        catch (ArgumentException)
        {
            return string.Empty;
        }
    }

    private static ProblemHttpResult TooLargeOrBad(HttpContext context, Exception ex) =>
        ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || ex.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Problem(RequestProblems.TooLarge(context))
            : Problems.Status(StatusCodes.Status400BadRequest, "Malformed upload", $"The multipart form could not be read: {ex.Message}");

    /// <summary>The form fields every `file` part of a request shares.</summary>
    /// <param name="AccessGroups">The groups sent (null: the field was absent, which keeps a document's groups on a new version).</param>
    /// <param name="ReaderGroups">The uploading key's groups; null for an admin key.</param>
    private sealed record Upload(
        string Tenant,
        string Collection,
        string ExternalId,
        IReadOnlyList<string> Tags,
        IReadOnlyList<string>? AccessGroups,
        IReadOnlyList<string>? ReaderGroups,
        IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? Metadata)
    {
        /// <summary>Access groups and metadata as the idempotency fingerprint includes them; null when neither was sent.</summary>
        public string? Attributes => AccessGroups is null && Metadata is null
            ? null
            : "groups:" + string.Join(',', AccessGroups ?? []) + "\nmetadata:" + Retrieval.Metadata.DocumentMetadata.ToJson(Metadata);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext context, DocumentService documents, IDocumentStore store, string id, CancellationToken cancellationToken) =>
        await Readers.GetDocumentAsync(store, context, id, cancellationToken) is not null && await documents.DeleteAsync(Tenants.Current(context), id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.DocumentNotFound(id);

    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> RetryAsync(
        HttpContext context, DocumentService documents, IDocumentStore store, string id, CancellationToken cancellationToken)
    {
        if (await Readers.GetDocumentAsync(store, context, id, cancellationToken) is null)
        {
            return Problems.DocumentNotFound(id);
        }

        var document = await documents.RetryAsync(Tenants.Current(context), id, cancellationToken);
        return document is null ? Problems.DocumentNotFound(id) : TypedResults.Ok(DocumentDto.From(document));
    }
}
