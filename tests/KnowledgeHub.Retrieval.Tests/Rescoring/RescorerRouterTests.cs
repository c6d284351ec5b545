using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Rescoring;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Retrieval.Tests.Rescoring;

public sealed class RescorerRouterTests
{
    [Fact]
    public void A_collection_entry_replaces_the_sections_rescorer_and_takes_that_kinds_defaults()
    {
        var options = new RescoringOptions { Rescorer = RescoringOptions.Encoder, Depth = 12, Model = "snowflake-arctic-embed-xs" };
        options.Collections["papers"] = new CollectionRescoring { Rescorer = RescoringOptions.CrossEncoder, Model = "/models/ms-marco" };
        options.Collections["manuals"] = new CollectionRescoring { Depth = 5 };

        var papers = options.For("papers");
        var manuals = options.For("manuals");

        Assert.Equal((RescoringOptions.CrossEncoder, 30, 4.0, "/models/ms-marco"), (papers.Rescorer, papers.EffectiveDepth, papers.EffectiveWeight, papers.Model));
        Assert.Equal((RescoringOptions.Encoder, 5, 0.5, "snowflake-arctic-embed-xs"), (manuals.Rescorer, manuals.EffectiveDepth, manuals.EffectiveWeight, manuals.Model));
        Assert.Same(options, options.For("other"));
        Assert.Same(options, options.For(null));
    }

    [Fact]
    public async Task Each_search_is_rescored_by_its_collections_rescorer_at_its_depth_and_none_keeps_the_fused_order()
    {
        var encoder = new HashingEncoder();
        using var index = EmbeddedIndex.Open(null, HashingEncoder.Id, encoder.Dimensions);
        var texts = Enumerable.Range(0, 24).Select(i => $"Policy note {i}. Refunds take {i + 10} days.").ToList();
        var vectors = await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage);
        await index.UpsertAsync([.. texts.Select((t, i) => new IndexedChunk(
            ChunkId.For($"d{i}", 1, 0), "t1", i % 2 == 0 ? "papers" : "manuals", $"d{i}", 1, "f.txt", null, 0, t, null, vectors[i]))]);
        var options = new RescoringOptions { Rescorer = RescoringOptions.None };
        options.Collections["papers"] = new CollectionRescoring { Rescorer = RescoringOptions.Sentence, Depth = 6 };
        var built = new List<RecordingRescorer>();
        var router = new RescorerRouter(Options.Create(options), settings =>
        {
            if (settings.Rescorer == RescoringOptions.None)
            {
                return null;
            }

            var rescorer = new RecordingRescorer(settings.EffectiveDepth);
            built.Add(rescorer);
            return rescorer;
        });
        var retriever = new HybridRetriever(encoder, index, rescorer: router);

        var papers = await retriever.SearchAsync("refunds days", new SearchFilter("t1", "papers"), top: 3);
        var manuals = await retriever.SearchAsync("refunds days", new SearchFilter("t1", "manuals"), top: 3);
        await retriever.SearchAsync("refunds days", new SearchFilter("t1", "papers"), top: 3);

        var papersRescorer = Assert.Single(built);
        Assert.Equal(6, papersRescorer.Seen);
        Assert.Equal(2, papersRescorer.Calls);
        Assert.Equal(3, papers.Count);
        Assert.Equal(3, manuals.Count);
        Assert.Equal(0, router.DepthFor("manuals"));
        Assert.Equal(6, router.DepthFor("papers"));
    }

    /// <summary>Reverses what it gets and remembers how many candidates it saw.</summary>
    private sealed class RecordingRescorer(int depth) : IRescorer
    {
        public int Depth => depth;

        public int Seen { get; private set; }

        public int Calls { get; private set; }

        public Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken)
        {
            Calls++;
            Seen = candidates.Count;
            return Task.FromResult<IReadOnlyList<SearchHit>>([.. candidates.Reverse()]);
        }
    }
}
