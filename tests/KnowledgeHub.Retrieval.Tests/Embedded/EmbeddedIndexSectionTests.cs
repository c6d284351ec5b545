using KnowledgeHub.Retrieval.Embedded;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public class EmbeddedIndexSectionTests
{
    private const string Methods = "3 Methods";
    private const string Results = "4 Results";

    [Fact]
    public async Task The_section_holds_only_chunks_under_the_same_heading_in_ordinal_order()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        await index.UpsertAsync(
        [
            Make("doc", 3, "results start", Unit(1, 0, 0, 0), headingPath: Results),
            Make("doc", 1, "methods middle", Unit(1, 0, 0, 0), headingPath: Methods),
            Make("doc", 0, "methods start", Unit(1, 0, 0, 0), headingPath: Methods),
            Make("doc", 2, "methods end", Unit(1, 0, 0, 0), headingPath: Methods),
        ]);

        var section = await index.GetSectionAsync(Make("doc", 2, "methods end", Unit(1, 0, 0, 0), headingPath: Methods), maxNeighbours: 5);

        Assert.Equal(["methods start", "methods middle", "methods end"], section.Select(c => c.Text));
        Assert.All(section, c => Assert.Equal(Methods, c.HeadingPath));
    }

    [Fact]
    public async Task Only_chunks_within_the_ordinal_window_are_returned()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        await index.UpsertAsync([.. Enumerable.Range(0, 10).Select(i => Make("doc", i, $"part {i}", Unit(1, 1, 0, 0), headingPath: Methods))]);

        var section = await index.GetSectionAsync(Make("doc", 5, "part 5", Unit(1, 1, 0, 0), headingPath: Methods), maxNeighbours: 2);
        var alone = await index.GetSectionAsync(Make("doc", 5, "part 5", Unit(1, 1, 0, 0), headingPath: Methods), maxNeighbours: 0);

        Assert.Equal([3, 4, 5, 6, 7], section.Select(c => c.Ordinal));
        Assert.Equal([5], alone.Select(c => c.Ordinal));
    }

    [Fact]
    public async Task Other_versions_documents_and_tenants_are_never_part_of_the_section()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        await index.UpsertAsync(
        [
            Make("doc", 0, "current before", Unit(1, 0, 0, 0), version: 2),
            Make("doc", 1, "current match", Unit(1, 0, 0, 0), version: 2),
            Make("doc", 2, "current after", Unit(1, 0, 0, 0), version: 2),
            Make("doc", 0, "old before", Unit(1, 0, 0, 0), version: 1),
            Make("doc", 2, "old after", Unit(1, 0, 0, 0), version: 1),
            // Chunk ids do not name the tenant; the index keys chunks by id, so the other tenant's copy needs its own.
            Make("doc", 0, "other tenant", Unit(1, 0, 0, 0), tenant: "t2", version: 2) with { Id = "t2/doc:v2:00000" },
            Make("other", 0, "other document", Unit(1, 0, 0, 0), version: 2),
        ]);

        var section = await index.GetSectionAsync(Make("doc", 1, "current match", Unit(1, 0, 0, 0), version: 2), maxNeighbours: 1);

        Assert.Equal(["current before", "current match", "current after"], section.Select(c => c.Text));
        Assert.All(section, c => Assert.Equal(("t1", "doc", 2), (c.Tenant, c.DocumentId, c.Version)));
    }

    [Fact]
    public async Task Without_headings_a_paged_chunk_keeps_to_its_page()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        await index.UpsertAsync(
        [
            Make("doc", 0, "page one end", Unit(1, 0, 0, 0), page: 1),
            Make("doc", 1, "page two start", Unit(1, 0, 0, 0), page: 2),
            Make("doc", 2, "page two end", Unit(1, 0, 0, 0), page: 2),
        ]);

        var section = await index.GetSectionAsync(Make("doc", 1, "page two start", Unit(1, 0, 0, 0), page: 2), maxNeighbours: 1);

        Assert.Equal(["page two start", "page two end"], section.Select(c => c.Text));
    }

    [Fact]
    public async Task Section_chunks_carry_their_stored_metadata_and_vectors()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);
        var stored = Make("doc", 0, "only chunk", Unit(0, 1, 0, 0), page: 4, headingPath: Methods);
        await index.UpsertAsync([stored]);

        var section = await index.GetSectionAsync(stored, maxNeighbours: 1);

        var chunk = Assert.Single(section);
        Assert.Equal((stored.Id, stored.FileName, stored.Page, stored.HeadingPath), (chunk.Id, chunk.FileName, chunk.Page, chunk.HeadingPath));
        Assert.Equal(stored.Vector, chunk.Vector);
    }

    [Fact]
    public async Task A_negative_window_is_refused()
    {
        using var index = EmbeddedIndex.Open(null, ModelId, Dimensions);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.GetSectionAsync(Make("doc", 0, "text", Unit(1, 0, 0, 0)), maxNeighbours: -1));
    }
}
