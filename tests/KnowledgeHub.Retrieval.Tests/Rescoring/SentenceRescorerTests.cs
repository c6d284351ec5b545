using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.Retrieval.Rescoring;
using Microsoft.Extensions.Options;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Retrieval.Tests.Rescoring;

public sealed class SentenceRescorerTests
{
    private static readonly float[] NoVector = [];

    [Fact]
    public async Task Candidate_with_one_sentence_that_states_the_query_overtakes_a_diffuse_one()
    {
        var encoder = new HashingEncoder();
        var rescorer = new SentenceRescorer(encoder, Options.Create(new RescoringOptions { Weight = 2 }));
        var query = "vitamin d lowers infection risk";
        var diffuse = Hit("diffuse", "Vitamin levels were measured. Infection counts rose in winter. Risk factors were many.", 0.9);
        var stating = Hit("stating", "The cohort was large. Vitamin D lowers infection risk in adults. Follow-up took a year.", 0.5);
        var third = Hit("third", "Unrelated text about budgets.", 0.1);

        var rescored = await rescorer.RescoreAsync(query, Embed(encoder, query), [diffuse, stating, third], CancellationToken.None);

        Assert.Equal(["stating", "diffuse", "third"], rescored.Select(h => h.Chunk.Id));
    }

    [Fact]
    public async Task Zero_weight_keeps_the_fused_order_and_sentence_vectors_are_embedded_once_per_chunk()
    {
        var encoder = new HashingEncoder();
        var rescorer = new SentenceRescorer(encoder, Options.Create(new RescoringOptions { Weight = 0 }));
        var query = "refund period";
        SearchHit[] hits = [Hit("a", "Nothing here. Still nothing.", 0.9), Hit("b", "The refund period is fourteen days.", 0.2)];

        var first = await rescorer.RescoreAsync(query, Embed(encoder, query), hits, CancellationToken.None);
        var callsAfterFirst = encoder.Calls;
        await rescorer.RescoreAsync(query, Embed(encoder, query), hits, CancellationToken.None);

        Assert.Equal(["a", "b"], first.Select(h => h.Chunk.Id));
        Assert.Equal(callsAfterFirst + 1, encoder.Calls); // only the query above, no sentence embedding again
    }

    [Fact]
    public async Task Retriever_fetches_the_rescoring_depth_and_returns_top_while_keyword_search_is_left_alone()
    {
        var encoder = new HashingEncoder();
        using var index = EmbeddedIndex.Open(null, HashingEncoder.Id, encoder.Dimensions);
        var texts = Enumerable.Range(0, 12).Select(i => $"Policy note {i}. Refunds take {i + 10} days.").ToList();
        var vectors = await encoder.EmbedAsync(texts, EmbeddingPurpose.Passage);
        await index.UpsertAsync([.. texts.Select((t, i) => new IndexedChunk(ChunkId.For($"d{i}", 1, 0), "t1", "c1", $"d{i}", 1, "f.txt", null, 0, t, null, vectors[i]))]);
        var recorder = new RecordingRescorer(depth: 8);
        var retriever = new HybridRetriever(encoder, index, rescorer: recorder);

        var hybrid = await retriever.SearchAsync("refunds days", SearchFilter.ForTenant("t1"), top: 3);
        var keyword = await retriever.SearchAsync("refunds days", SearchFilter.ForTenant("t1"), top: 3, SearchMode.Keyword);

        Assert.Equal(8, recorder.Seen);
        Assert.Equal(1, recorder.Calls);
        Assert.Equal(3, hybrid.Count);
        Assert.Equal(recorder.Returned.Take(3), hybrid.Select(h => h.Chunk.Id));
        Assert.Equal(3, keyword.Count);
    }

    [Fact]
    public void Unknown_rescorer_name_is_refused_with_the_allowed_values()
    {
        var options = new RescoringOptions { Rescorer = "colbert" };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains("'none', 'sentence', 'encoder' or 'cross-encoder'", results.Single().ErrorMessage, StringComparison.Ordinal);
    }

    private static float[] Embed(HashingEncoder encoder, string text) => encoder.EmbedAsync([text], EmbeddingPurpose.Query).Result[0];

    private static SearchHit Hit(string id, string text, double score) =>
        new(new IndexedChunk(id, "t1", "c1", id, 1, id + ".txt", null, 0, text, null, NoVector), score);

    /// <summary>Reverses what it gets, so the test can tell its order from the index's.</summary>
    private sealed class RecordingRescorer(int depth) : IRescorer
    {
        public int Depth => depth;

        public int Seen { get; private set; }

        public int Calls { get; private set; }

        public List<string> Returned { get; } = [];

        public Task<IReadOnlyList<SearchHit>> RescoreAsync(string query, float[] queryVector, IReadOnlyList<SearchHit> candidates, CancellationToken cancellationToken)
        {
            Calls++;
            Seen = candidates.Count;
            var reversed = candidates.Reverse().ToList();
            Returned.AddRange(reversed.Select(h => h.Chunk.Id));
            return Task.FromResult<IReadOnlyList<SearchHit>>(reversed);
        }
    }
}
