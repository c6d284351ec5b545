using KnowledgeHub.Ingestion.Documents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/documents").WithTags("Documents");
        api.MapPost("/", UploadAsync).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapDelete("/{id}", DeleteAsync);
        api.MapPost("/{id}/retry", RetryAsync);
        return app;
    }

    private static async Task<Results<Accepted<DocumentDto>, ProblemHttpResult>> UploadAsync(HttpContext context, DocumentService documents, CancellationToken cancellationToken)
    {
        var request = context.Request;
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

        try
        {
            await using var body = file.OpenReadStream();
            var result = await documents.UploadAsync(
                Tenants.Current(context), form["collection"].ToString(), file.FileName, file.ContentType, body, externalId: form["externalId"].ToString(), cancellationToken: cancellationToken);
            return TypedResults.Accepted($"/api/documents/{result.Document.Id}", DocumentDto.From(result.Document, result.Duplicate, result.NewVersion));
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

    private static async Task<Ok<DocumentListDto>> ListAsync(HttpContext context, DocumentService documents, string? collection, DocumentStatus? status, CancellationToken cancellationToken)
    {
        var list = await documents.ListAsync(Tenants.Current(context), collection, status, cancellationToken);
        return TypedResults.Ok(new DocumentListDto(list.Select(d => DocumentDto.From(d)).ToList()));
    }

    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> GetAsync(HttpContext context, DocumentService documents, string id, CancellationToken cancellationToken)
    {
        var document = await documents.GetAsync(Tenants.Current(context), id, cancellationToken);
        return document is null ? Problems.DocumentNotFound(id) : TypedResults.Ok(DocumentDto.From(document));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, DocumentService documents, string id, CancellationToken cancellationToken) =>
        await documents.DeleteAsync(Tenants.Current(context), id, cancellationToken) ? TypedResults.NoContent() : Problems.DocumentNotFound(id);

    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> RetryAsync(HttpContext context, DocumentService documents, string id, CancellationToken cancellationToken)
    {
        var document = await documents.RetryAsync(Tenants.Current(context), id, cancellationToken);
        return document is null ? Problems.DocumentNotFound(id) : TypedResults.Ok(DocumentDto.From(document));
    }
}
