using KnowledgeHub.Ingestion.Documents;
using KnowledgeHub.Ingestion.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// A question or search in a collection the tenant has no document in is a mistake (a typo, another tenant's name), and
/// answers 404 rather than "I could not find an answer". A collection exists while a document names it, so one whose
/// documents were all deleted is unknown again. The default collection is always known: an empty platform answers
/// "not found" in it, which is the truth.
/// </summary>
internal static class KnownCollections
{
    /// <returns>The 404 for an unknown collection; null when <paramref name="collection"/> is known or not given.</returns>
    public static async Task<ProblemHttpResult?> CheckAsync(
        IDocumentStore store, IOptions<IngestionOptions> ingestion, string tenant, string? collection, CancellationToken cancellationToken,
        IReadOnlyList<string>? readerGroups = null)
    {
        if (collection is null || collection == ingestion.Value.DefaultCollection)
        {
            return null;
        }

        // A collection holding only documents the key may not read is as unknown to it as one holding none.
        var collections = await Access.Readers.CollectionsAsync(store, tenant, readerGroups, cancellationToken);
        return collections.Any(c => string.Equals(c.Name, collection, StringComparison.Ordinal)) ? null : Problems.CollectionNotFound(collection);
    }
}
