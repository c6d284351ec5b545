using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>
/// Model names of the OpenAI surface: <c>knowledgehub</c> answers from every collection of the caller's tenant,
/// <c>knowledgehub/&lt;collection&gt;</c> from one collection. The list is the tenant's collections as they are now.
/// </summary>
public static class ChatModels
{
    public const string AllCollections = "knowledgehub";

    private const string CollectionPrefix = AllCollections + "/";

    /// <param name="readerGroups">The key's access groups (null: an admin key); collections and counts cover only what it may read.</param>
    public static async Task<IReadOnlyList<ModelCard>> ListAsync(IDocumentStore store, string tenant, IReadOnlyList<string>? readerGroups, CancellationToken cancellationToken)
    {
        var collections = await Access.Readers.CollectionsAsync(store, tenant, readerGroups, cancellationToken);
        var oldest = collections.Count == 0 ? 0 : collections.Min(c => c.CreatedAt).ToUnixTimeSeconds();
        return
        [
            new ModelCard(AllCollections, oldest, tenant, null, collections.Sum(c => c.DocumentCount)),
            .. collections.Select(c => new ModelCard(CollectionPrefix + c.Name, c.CreatedAt.ToUnixTimeSeconds(), tenant, c.Name, c.DocumentCount)),
        ];
    }

    /// <summary>The model with this name, or null when the tenant has no such model.</summary>
    public static async Task<ModelCard?> FindAsync(IDocumentStore store, string tenant, IReadOnlyList<string>? readerGroups, string model, CancellationToken cancellationToken)
    {
        // Names that cannot be a model are answered without a store query.
        if (model != AllCollections && !model.StartsWith(CollectionPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return (await ListAsync(store, tenant, readerGroups, cancellationToken)).FirstOrDefault(m => m.Id == model);
    }

    public static string NotFoundDetail(string model) =>
        $"The model '{model}' does not exist. Use '{AllCollections}' (every collection) or '{CollectionPrefix}<collection>' " +
        "with a collection that holds documents; GET /v1/models lists them.";
}
