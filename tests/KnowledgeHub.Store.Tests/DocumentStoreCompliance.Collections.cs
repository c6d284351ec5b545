namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task ListCollections_names_each_collection_of_the_tenant_once_by_name_with_counts_and_its_oldest_document_time()
    {
        await AddInOrderAsync(
            NewDocument("doc_1", collection: "manuals"),
            NewDocument("doc_2", collection: "Contracts"),
            NewDocument("doc_other_tenant", tenant: "globex", collection: "secret"),
            NewDocument("doc_3", collection: "manuals"));

        var collections = await Store.ListCollectionsAsync("acme");

        Assert.Equal(["Contracts", "manuals"], collections.Select(c => c.Name));
        Assert.Equal([1, 2], collections.Select(c => c.DocumentCount));
        Assert.Equal(Start, collections.Single(c => c.Name == "manuals").CreatedAt);
        Assert.Equal(["secret"], (await Store.ListCollectionsAsync("globex")).Select(c => c.Name));
        Assert.Empty(await Store.ListCollectionsAsync("initech"));
    }

    [StoreFact]
    public async Task ListCollections_forgets_a_collection_once_its_last_document_is_deleted()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a", collection: "manuals"));
        await Store.AddIfAbsentAsync(NewDocument("doc_b", collection: "contracts"));

        await Store.DeleteAsync("acme", "doc_a");

        Assert.Equal(["contracts"], (await Store.ListCollectionsAsync("acme")).Select(c => c.Name));
    }
}
