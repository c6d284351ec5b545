using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task Collections_for_access_groups_count_only_the_documents_those_groups_may_read()
    {
        await AddInOrderAsync(
            NewDocument("doc_hr_only", collection: "policies") with { AccessGroups = ["hr"] },
            NewDocument("doc_open", collection: "policies"),
            NewDocument("doc_board", collection: "minutes") with { AccessGroups = ["board"] },
            NewDocument("doc_hr_or_board", collection: "minutes") with { AccessGroups = ["board", "hr"] },
            NewDocument("doc_other_tenant", tenant: "globex", collection: "policies"));
        await Store.UpdateAttributesAsync("acme", "doc_open", new DocumentChanges(AccessGroups: []));

        var hr = await Store.ListCollectionsAsync("acme", ["hr"]);
        var none = await Store.ListCollectionsAsync("acme", []);
        var all = await Store.ListCollectionsAsync("acme", accessGroups: null);

        Assert.Equal([("minutes", 1), ("policies", 2)], hr.Select(c => (c.Name, c.DocumentCount)));
        Assert.Equal(Start.AddSeconds(3), hr[0].CreatedAt);
        Assert.Equal([("policies", 1)], none.Select(c => (c.Name, c.DocumentCount)));
        Assert.Equal([("minutes", 2), ("policies", 2)], all.Select(c => (c.Name, c.DocumentCount)));
        Assert.Equal(
            (await Store.ListCollectionsAsync("acme")).Select(c => (c.Name, c.DocumentCount, c.CreatedAt)),
            all.Select(c => (c.Name, c.DocumentCount, c.CreatedAt)));
    }
}
