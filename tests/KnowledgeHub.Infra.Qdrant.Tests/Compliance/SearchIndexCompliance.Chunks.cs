using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>Single chunks corrected (upserted again under their id) or excluded (deleted) by a person.</summary>
public abstract partial class SearchIndexCompliance
{
    [IndexFact]
    public async Task A_chunk_upserted_again_with_new_text_and_vector_is_found_by_the_new_ones_only()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "centrifugal pump impeller", vector: Unit(1, 0, 0, 0)), Chunk("doc_a", 1, "valve body", vector: Unit(0, 1, 0, 0))]);

        await Index.UpsertAsync([Chunk("doc_a", 0, "gearbox lubrication schedule", vector: Unit(0, 0, 1, 0))]);

        Assert.Empty(await Index.SearchAsync(Keyword("impeller")));
        Assert.Equal(ChunkId.For("doc_a", 1, 0), Assert.Single(await Index.SearchAsync(Keyword("gearbox"))).Chunk.Id);
        var byNewVector = await Index.SearchAsync(new SearchRequest(string.Empty, Unit(0, 0, 1, 0), SearchFilter.ForTenant("t1"), 1, SearchMode.Dense));
        Assert.Equal("gearbox lubrication schedule", Assert.Single(byNewVector).Chunk.Text);
        Assert.Equal(2, await Index.CountAsync("t1", "doc_a"));
    }

    [IndexFact]
    public async Task A_deleted_chunk_leaves_keyword_dense_and_section_lookups_and_its_neighbours_stay()
    {
        await Index.UpsertAsync(
        [
            Chunk("doc_a", 0, "pump seals wear", vector: Unit(1, 0, 0, 0), headingPath: "1 Pumps"),
            Chunk("doc_a", 1, "pump casing cracks", vector: Unit(0, 1, 0, 0), headingPath: "1 Pumps"),
            Chunk("doc_a", 2, "pump shaft alignment", vector: Unit(0, 0, 1, 0), headingPath: "1 Pumps"),
        ]);

        await Index.DeleteChunkAsync("t1", ChunkId.For("doc_a", 1, 1));

        var keyword = await Index.SearchAsync(Keyword("pump"));
        Assert.Equal([0, 2], keyword.Select(h => h.Chunk.Ordinal).Order());
        var dense = await Index.SearchAsync(new SearchRequest(string.Empty, Unit(0, 1, 0, 0), SearchFilter.ForTenant("t1"), 10, SearchMode.Dense));
        Assert.DoesNotContain(dense, h => h.Chunk.Ordinal == 1);
        Assert.Equal(2, dense.Count);
        Assert.Equal(2, await Index.CountAsync("t1", "doc_a"));
        var section = await Index.GetSectionAsync(Chunk("doc_a", 0, "pump seals wear", headingPath: "1 Pumps"), maxNeighbours: 2);
        Assert.DoesNotContain(section, c => c.Ordinal == 1);
    }

    [IndexFact]
    public async Task Another_tenant_cannot_delete_a_chunk_and_a_missing_one_is_no_error()
    {
        await Index.UpsertAsync([Chunk("doc_a", 0, "pump seals")]);

        await Index.DeleteChunkAsync("t2", ChunkId.For("doc_a", 1, 0));
        await Index.DeleteChunkAsync("t1", ChunkId.For("doc_missing", 1, 0));

        Assert.Single(await Index.SearchAsync(Keyword("pump")));
    }
}
