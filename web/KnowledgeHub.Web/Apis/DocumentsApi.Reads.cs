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

/// <summary>The read endpoints of the documents API: the paged list, one document, and its chunks.</summary>
public static partial class DocumentsApi
{
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
            return Problems.Invalid("limit", $"'limit' must be between 1 and {DocumentQuery.MaxLimit}.");
        }

        if (offset is < 0)
        {
            return Problems.Invalid("offset", "'offset' must not be negative.");
        }

        DocumentStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!status.All(char.IsAsciiLetter) || !Enum.TryParse<DocumentStatus>(status, ignoreCase: true, out var parsed))
            {
                return Problems.Invalid("status", "'status' must be queued, processing, completed or failed.");
            }

            statusFilter = parsed;
        }

        DocumentCursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (offset is not null)
            {
                return Problems.Invalid("cursor", "Pass either 'cursor' or 'offset', not both.");
            }

            if (!DocumentCursor.TryDecode(cursor, out after))
            {
                return Problems.Invalid("cursor", "'cursor' is not a cursor this server issued; pass 'nextCursor' from the previous page unchanged.");
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
            AccessGroups = Readers.Groups(context),
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
        HttpContext context, DocumentService documents, IDocumentStore store, IConnectorStore connectors, string id, CancellationToken cancellationToken)
    {
        var document = await Readers.GetDocumentAsync(store, context, id, cancellationToken);
        if (document is null)
        {
            return Problems.DocumentNotFound(id);
        }

        var suspicious = await store.CountSuspiciousChunksAsync([document.Id], cancellationToken);
        var dto = DocumentDto.From(document, suspiciousChunks: suspicious.GetValueOrDefault(document.Id));
        if (await connectors.FindItemByDocumentAsync(document.Id, cancellationToken) is { } item)
        {
            var connector = await connectors.GetAsync(document.Tenant, item.ConnectorId, cancellationToken);
            dto = dto with { Source = new DocumentSourceDto(item.ConnectorId, item.Uri, connector?.Kind == ConnectorKind.Git ? item.State : null) };
        }

        return TypedResults.Ok(dto);
    }

    /// <summary>
    /// The chunks of the document's current version in ordinal order, <paramref name="limit"/> from <paramref name="offset"/>;
    /// with `suspicious=true` only those flagged as planted instructions.
    /// </summary>
    private static async Task<Results<Ok<ChunkListDto>, ProblemHttpResult>> ListChunksAsync(
        HttpContext context, IDocumentStore store, string id, bool? suspicious, int? offset, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > ChunkListDto.MaxLimit)
        {
            return Problems.Invalid("limit", $"'limit' must be between 1 and {ChunkListDto.MaxLimit}.");
        }

        if (offset is < 0)
        {
            return Problems.Invalid("offset", "'offset' must not be negative.");
        }

        var document = await Readers.GetDocumentAsync(store, context, id, cancellationToken);
        if (document is null)
        {
            return Problems.DocumentNotFound(id);
        }

        var matching = (await store.GetChunksAsync(document.Id, cancellationToken))
            .Where(c => c.Version == document.Version && (suspicious != true || c.Suspicious is not null))
            .OrderBy(c => c.Ordinal)
            .ToList();
        var (skip, take) = (offset ?? 0, limit ?? ChunkListDto.DefaultLimit);
        var page = matching.Skip(skip).Take(take).Select(c => ChunkDto.From(document, c)).ToList();
        return TypedResults.Ok(new ChunkListDto(page, matching.Count, skip, take, skip + take < matching.Count ? skip + take : null));
    }
}
