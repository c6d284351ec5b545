using KnowledgeHub.Orchestration.Grounding;
using KnowledgeHub.Orchestration.Tests.TestDoubles;
using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

public sealed class EmbeddingReuseTests(RealEncoderFixture fixture) : IClassFixture<RealEncoderFixture>
{
    private const string Tower =
        "The Eiffel Tower was completed in 1889 for the World's Fair. Gustave Eiffel's company designed and built the wrought-iron lattice tower. It is about 330 metres tall.";

    private const string Garden = "Tomatoes need at least six hours of direct sun each day. Water tomato plants in the morning.";

    [Fact]
    public async Task An_ask_embeds_the_question_once_and_a_repeated_ask_embeds_no_passage_sentence_again()
    {
        var index = await fixture.IndexAsync(Tower, Garden);
        var encoder = new CountingEncoder(fixture.Encoder);
        var service = AnswerServices.Create(index, encoder: encoder);
        var passageSentences = new[] { "The Eiffel Tower was completed in 1889 for the World's Fair.", "Water tomato plants in the morning." };

        var first = await service.AskAsync(new AskRequest("Who built the Eiffel Tower?", "t1"));
        var firstCalls = encoder.TakeCalls();
        var second = await service.AskAsync(new AskRequest("Who built the Eiffel Tower?", "t1"));
        var secondCalls = encoder.TakeCalls();

        Assert.True(first.Found);
        Assert.Single(firstCalls, c => c.Purpose == EmbeddingPurpose.Query);
        Assert.Single(secondCalls, c => c.Purpose == EmbeddingPurpose.Query);
        var firstPassageTexts = firstCalls.Where(c => c.Purpose == EmbeddingPurpose.Passage).SelectMany(c => c.Texts).ToList();
        var secondPassageTexts = secondCalls.Where(c => c.Purpose == EmbeddingPurpose.Passage).SelectMany(c => c.Texts).ToList();
        Assert.All(passageSentences, s => Assert.Contains(s, firstPassageTexts));
        Assert.All(passageSentences, s => Assert.DoesNotContain(s, secondPassageTexts));
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Citations, second.Citations);
        Assert.Equal(first.Sentences!.Select(s => (s.Text, s.Support, s.Supported)), second.Sentences!.Select(s => (s.Text, s.Support, s.Supported)));
    }

    [Fact]
    public void The_sentence_cache_evicts_the_least_recently_used_chunk_beyond_its_capacity()
    {
        var cache = new SentenceVectorCache(capacity: 2);
        float[][] a = [[1f]];
        float[][] b = [[2f]];
        float[][] c = [[3f]];

        cache.Put("m", "a", a);
        cache.Put("m", "b", b);
        Assert.Same(a, cache.Get("m", "a"));
        cache.Put("m", "c", c);

        Assert.Null(cache.Get("m", "b"));
        Assert.Same(a, cache.Get("m", "a"));
        Assert.Same(c, cache.Get("m", "c"));
        Assert.Null(cache.Get("other-model", "a"));
        Assert.Equal(2, cache.Count);
    }

    private sealed class CountingEncoder(ITextEncoder inner) : ITextEncoder
    {
        private readonly List<(EmbeddingPurpose Purpose, IReadOnlyList<string> Texts)> calls = [];

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int MaxTokens => inner.MaxTokens;

        public int CountTokens(string text) => inner.CountTokens(text);

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
        {
            lock (calls)
            {
                calls.Add((purpose, [.. texts]));
            }

            return inner.EmbedAsync(texts, purpose, cancellationToken);
        }

        public List<(EmbeddingPurpose Purpose, IReadOnlyList<string> Texts)> TakeCalls()
        {
            lock (calls)
            {
                var taken = calls.ToList();
                calls.Clear();
                return taken;
            }
        }
    }
}
