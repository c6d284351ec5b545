using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <param name="AccessGroups">The document's new access groups; an empty list makes it readable by every key of the tenant (admin keys only); absent keeps them.</param>
/// <param name="Metadata">The document's new metadata, replacing the old as a whole (`{}` removes it); absent keeps it.</param>
public sealed record DocumentPatchBody(IReadOnlyList<string?>? AccessGroups = null, System.Text.Json.JsonElement? Metadata = null);

/// <summary>Changes to a document that need no new version: its access groups, effective for the next search.</summary>
public static partial class DocumentsApi
{
    private static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> PatchAsync(
        HttpContext context, DocumentService documents, IDocumentStore store, ILogger<DocumentService> logger, string id, DocumentPatchBody? body, CancellationToken cancellationToken)
    {
        var metadataGiven = body?.Metadata is { ValueKind: not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined) };
        if (body is null || (body.AccessGroups is null && !metadataGiven))
        {
            return Problems.Invalid("accessGroups", "The body must be a JSON object with 'accessGroups' (a list of group names) and/or 'metadata' (an object).");
        }

        DocumentRecord? updated;
        IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? metadata;
        try
        {
            metadata = metadataGiven ? Retrieval.Metadata.DocumentMetadata.Parse(body.Metadata!.Value) : null;
        }
        catch (ArgumentException ex)
        {
            return Problems.Invalid("metadata", ex.Message);
        }

        try
        {
            updated = await documents.UpdateAsync(Tenants.Current(context), id, body.AccessGroups, metadata, Readers.Groups(context), cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return Problems.Invalid(ex.ParamName == "metadata" ? "metadata" : "accessGroups", ex.Message);
        }

        if (updated is null)
        {
            return Problems.DocumentNotFound(id);
        }

        var changedBy = AccessClaims.KeyIdOf(context.User) ?? "?";
        UploadLog.AccessGroupsChanged(logger, updated.Id, updated.AccessGroups.Count, changedBy);
        var suspicious = await store.CountSuspiciousChunksAsync([updated.Id], cancellationToken);
        return TypedResults.Ok(DocumentDto.From(updated, suspiciousChunks: suspicious.GetValueOrDefault(updated.Id)));
    }
}
