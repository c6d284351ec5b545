using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task Access_groups_are_stored_read_back_and_changed_without_a_new_version()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a") with { AccessGroups = ["hr", "board"] });
        await Store.AddIfAbsentAsync(NewDocument("doc_b"));

        Assert.Equal(["hr", "board"], (await Store.GetAsync("acme", "doc_a"))!.AccessGroups);
        Assert.Empty((await Store.GetByIdAsync("doc_b"))!.AccessGroups);

        var changed = await Store.UpdateAttributesAsync("acme", "doc_a", new DocumentChanges(AccessGroups: ["legal"]));
        var kept = await Store.UpdateAttributesAsync("acme", "doc_a", new DocumentChanges());
        var otherTenant = await Store.UpdateAttributesAsync("other", "doc_a", new DocumentChanges(AccessGroups: []));

        Assert.Equal(["legal"], changed!.AccessGroups);
        Assert.Equal(1, changed.Version);
        Assert.Equal(["legal"], kept!.AccessGroups);
        Assert.Null(otherTenant);
        Assert.Empty((await Store.UpdateAttributesAsync("acme", "doc_a", new DocumentChanges(AccessGroups: [])))!.AccessGroups);
    }

    [StoreFact]
    public async Task New_version_keeps_the_access_groups_unless_it_brings_its_own()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a") with { AccessGroups = ["hr"] });

        var kept = await Store.AddVersionAsync("acme", "doc_a", new NewVersion("doc_a.pdf", "h2", 1, null));
        var replaced = await Store.AddVersionAsync("acme", "doc_a", new NewVersion("doc_a.pdf", "h3", 1, null, AccessGroups: ["board"]));

        Assert.Equal(["hr"], kept!.AccessGroups);
        Assert.Equal(["board"], replaced!.AccessGroups);
    }

    [StoreFact]
    public async Task A_page_for_a_reader_holds_and_counts_only_ungrouped_documents_and_those_sharing_a_group()
    {
        await AddInOrderAsync(
            NewDocument("open1"),
            NewDocument("hr1") with { AccessGroups = ["hr"] },
            NewDocument("board1") with { AccessGroups = ["board"] },
            NewDocument("both") with { AccessGroups = ["board", "hr"] },
            NewDocument("cleared") with { AccessGroups = ["legal"] });
        await Store.UpdateAttributesAsync("acme", "cleared", new DocumentChanges(AccessGroups: []));

        async Task<List<string>> IdsAsync(IReadOnlyList<string>? groups)
        {
            var page = await Store.ListPageAsync("acme", new DocumentQuery { AccessGroups = groups, Limit = 100 });
            Assert.Equal(page.Documents.Count, page.Total);
            return [.. page.Documents.Select(d => d.Id).Order(StringComparer.Ordinal)];
        }

        Assert.Equal(["both", "cleared", "hr1", "open1"], await IdsAsync(["hr"]));
        Assert.Equal(["board1", "both", "cleared", "hr1", "open1"], await IdsAsync(["board", "hr"]));
        Assert.Equal(["cleared", "open1"], await IdsAsync([]));
        Assert.Equal(["board1", "both", "cleared", "hr1", "open1"], await IdsAsync(null));
    }

    [StoreFact]
    public async Task Metadata_is_stored_with_its_types_replaced_by_an_update_and_kept_by_a_new_version_without_it()
    {
        var metadata = KnowledgeHub.Retrieval.Metadata.DocumentMetadata.Parse("""{ "year": 2024, "published": "2025-03-01", "region": ["eu", "uk"], "final": true, "owner": "ann" }""");
        await Store.AddIfAbsentAsync(NewDocument("doc_a") with { Metadata = metadata });

        var stored = (await Store.GetAsync("acme", "doc_a"))!.Metadata;
        var kept = await Store.AddVersionAsync("acme", "doc_a", new NewVersion("doc_a.pdf", "h2", 1, null));
        var replaced = await Store.UpdateAttributesAsync("acme", "doc_a", new DocumentChanges(Metadata: KnowledgeHub.Retrieval.Metadata.DocumentMetadata.Parse("""{ "year": 2025 }""")));
        var removed = await Store.UpdateAttributesAsync("acme", "doc_a", new DocumentChanges(Metadata: KnowledgeHub.Retrieval.Metadata.DocumentMetadata.Empty));

        Assert.Equal(metadata.OrderBy(p => p.Key), stored.OrderBy(p => p.Key));
        Assert.Equal(metadata.OrderBy(p => p.Key), kept!.Metadata.OrderBy(p => p.Key));
        Assert.Equal(2025, Assert.Single(replaced!.Metadata).Value.Number);
        Assert.Empty(removed!.Metadata);
    }
}
