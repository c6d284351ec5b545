using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

public abstract partial class DocumentStoreCompliance
{
    [StoreFact]
    public async Task Tags_are_stored_in_order_and_read_back_by_every_query()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a") with { Tags = ["eu", "contracts", "2026"] });
        await Store.AddIfAbsentAsync(NewDocument("doc_b"));

        Assert.Equal(["eu", "contracts", "2026"], (await Store.GetAsync("acme", "doc_a"))!.Tags);
        Assert.Empty((await Store.GetByIdAsync("doc_b"))!.Tags);
        Assert.Equal(["eu", "contracts", "2026"], (await Store.ListAsync("acme")).Single(d => d.Id == "doc_a").Tags);
    }

    [StoreFact]
    public async Task New_version_keeps_the_tags_unless_it_brings_its_own()
    {
        await Store.AddIfAbsentAsync(NewDocument("doc_a") with { Tags = ["draft"] });

        var kept = await Store.AddVersionAsync("acme", "doc_a", new NewVersion("doc_a.pdf", "h2", 1, null));
        var replaced = await Store.AddVersionAsync("acme", "doc_a", new NewVersion("doc_a.pdf", "h3", 1, null, ["final", "eu"]));
        var cleared = await Store.AddVersionAsync("acme", "doc_a", new NewVersion("doc_a.pdf", "h4", 1, null, []));

        Assert.Equal(["draft"], kept!.Tags);
        Assert.Equal(["final", "eu"], replaced!.Tags);
        Assert.Empty(cleared!.Tags);
    }
}
