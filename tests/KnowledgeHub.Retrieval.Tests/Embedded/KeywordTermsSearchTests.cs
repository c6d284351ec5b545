using KnowledgeHub.Retrieval.Embedded;
using static KnowledgeHub.TestSupport.TestChunks;

namespace KnowledgeHub.Retrieval.Tests.Embedded;

public sealed class KeywordTermsSearchTests : IDisposable
{
    private readonly EmbeddedIndex index = EmbeddedIndex.Open(null, ModelId, Dimensions);

    public void Dispose() => index.Dispose();

    [Fact]
    public async Task Weighted_terms_replace_the_analysed_text_and_their_weights_order_the_hits()
    {
        await index.UpsertAsync(
        [
            Make("beans", 0, "Slow cooking of beans takes hours.", Unit(1, 0, 0, 0)),
            Make("bread", 0, "Bread dough rises slowly.", Unit(0, 1, 0, 0)),
        ]);
        var request = Keyword("nothing in the index matches this");

        var beansFirst = await index.SearchAsync(request with { KeywordTerms = new Dictionary<string, float> { ["bean"] = 3, ["bread"] = 1 } });
        var breadFirst = await index.SearchAsync(request with { KeywordTerms = new Dictionary<string, float> { ["bean"] = 1, ["bread"] = 3 } });

        Assert.Equal(["beans", "bread"], beansFirst.Select(h => h.Chunk.DocumentId));
        Assert.Equal(["bread", "beans"], breadFirst.Select(h => h.Chunk.DocumentId));
    }

    [Fact]
    public async Task Other_bm25_parameters_change_scores_but_not_what_matches()
    {
        using var classic = EmbeddedIndex.Open(null, ModelId, Dimensions, bm25: new Bm25Parameters(1.2f, 0.75f));
        IndexedChunk[] chunks =
        [
            Make("short", 0, "beans", Unit(1, 0, 0, 0)),
            Make("long", 0, "beans beans and a long story about many other things entirely", Unit(0, 1, 0, 0)),
        ];
        await index.UpsertAsync(chunks);
        await classic.UpsertAsync(chunks);

        var standard = await index.SearchAsync(Keyword("beans"));
        var tuned = await classic.SearchAsync(Keyword("beans"));

        Assert.Equal(standard.Select(h => h.Chunk.Id).Order(StringComparer.Ordinal), tuned.Select(h => h.Chunk.Id).Order(StringComparer.Ordinal));
        Assert.NotEqual(standard.Select(h => h.Score), tuned.Select(h => h.Score));
    }
}
