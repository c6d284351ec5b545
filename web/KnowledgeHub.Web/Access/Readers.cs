using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Web.Apis;

namespace KnowledgeHub.Web.Access;

/// <summary>
/// What the request's key may read inside its tenant. Every endpoint that names a document goes through here, so a
/// document the key may not read answers exactly as a missing one (404), and lists and counts leave it out.
/// </summary>
internal static class Readers
{
    /// <summary>Null for an admin key (everything of its tenant), else the key's access groups.</summary>
    public static IReadOnlyList<string>? Groups(HttpContext context) => AccessClaims.ReaderGroupsOf(context.User);

    public static bool CanRead(HttpContext context, DocumentRecord document) =>
        AccessGroups.CanRead(Groups(context), document.AccessGroups);

    /// <summary>The tenant's document, or null when it is missing or the key may not read it.</summary>
    public static async Task<DocumentRecord?> GetDocumentAsync(IDocumentStore store, HttpContext context, string id, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(Tenants.Current(context), id, cancellationToken);
        return document is not null && CanRead(context, document) ? document : null;
    }

    /// <summary>The tenant's search filter for this key: tenant, collection and the key's access groups.</summary>
    public static SearchFilter Filter(HttpContext context, string? collection = null) =>
        new(Tenants.Current(context), collection, AccessGroups: Groups(context));

    /// <summary>
    /// The key's search filter with the request's metadata filter parsed against the metadata keys of the documents it
    /// may read; an unknown key or a wrong type is a 400 naming it.
    /// </summary>
    public static async Task<(SearchFilter? Filter, string? Problem)> FilterAsync(
        HttpContext context, MetadataKeys keys, string? collection, System.Text.Json.JsonElement? metadataFilter, CancellationToken cancellationToken)
    {
        var filter = Filter(context, collection);
        if (metadataFilter is not { ValueKind: not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined) } given)
        {
            return (filter, null);
        }

        try
        {
            var schema = await keys.GetAsync(filter.Tenant, filter.AccessGroups, cancellationToken);
            var conditions = Retrieval.Metadata.MetadataFilters.Parse(given, schema);
            return (filter with { Metadata = conditions.Count == 0 ? null : conditions }, null);
        }
        catch (ArgumentException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The collections the key can see, with the documents it may read counted (in the store, whatever its size).</summary>
    public static Task<IReadOnlyList<CollectionSummary>> CollectionsAsync(IDocumentStore store, string tenant, IReadOnlyList<string>? groups, CancellationToken cancellationToken) =>
        store.ListCollectionsAsync(tenant, groups, cancellationToken);
}
