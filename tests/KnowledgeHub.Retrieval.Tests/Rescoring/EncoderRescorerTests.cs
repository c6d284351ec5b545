using KnowledgeHub.Retrieval.Rescoring;
using Microsoft.Extensions.Options;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Retrieval.Tests.Rescoring;

public sealed class EncoderRescorerTests
{
    private static readonly float[] FirstEncoderVector = [1f, 0f];

    [Fact]
    public async Task The_candidate_the_second_encoder_finds_closest_overtakes_within_the_depth_and_the_rest_keep_their_order()
    {
        var second = new RecordingEncoder();
        var rescorer = new EncoderRescorer(second, Options.Create(new RescoringOptions { Rescorer = RescoringOptions.Encoder, Depth = 3, Weight = 2 }));
        SearchHit[] candidates =
        [
            Hit("budget", "Annual budget tables for the facilities department.", 0.9),
            Hit("other", "Parking rules for visitors.", 0.8),
            Hit("refund", "The refund period is fourteen days after delivery.", 0.7),
            Hit("below", "Refund period refund period fourteen days.", 0.1),
        ];

        var rescored = await rescorer.RescoreAsync("refund period days", FirstEncoderVector, candidates, CancellationToken.None);

        Assert.Equal("refund", rescored[0].Chunk.Id);
        Assert.Equal(4, rescored.Count);
        Assert.Equal("below", rescored[^1].Chunk.Id);
        // The query is embedded by the second encoder as a query; the chunks beyond the depth are never embedded.
        Assert.Contains(("refund period days", EmbeddingPurpose.Query), second.Texts);
        Assert.DoesNotContain(second.Texts, t => t.Text.StartsWith("Refund period refund", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chunks_are_embedded_once_under_their_heading_and_a_second_query_embeds_only_itself()
    {
        var second = new RecordingEncoder();
        var rescorer = new EncoderRescorer(second, Options.Create(new RescoringOptions { Rescorer = RescoringOptions.Encoder }));
        SearchHit[] candidates =
        [
            Hit("a", "Adults take 500 mg.", 0.9, heading: "Dosing"),
            Hit("b", "Children take 250 mg.", 0.5),
        ];

        await rescorer.RescoreAsync("dose for adults", FirstEncoderVector, candidates, CancellationToken.None);
        var afterFirst = second.Texts.Count;
        await rescorer.RescoreAsync("dose for children", FirstEncoderVector, candidates, CancellationToken.None);

        Assert.Contains(("Dosing\nAdults take 500 mg.", EmbeddingPurpose.Passage), second.Texts);
        Assert.Equal(afterFirst + 1, second.Texts.Count);
        Assert.Equal(("dose for children", EmbeddingPurpose.Query), second.Texts[^1]);
    }

    [Fact]
    public async Task Zero_weight_keeps_the_fused_order_and_a_single_candidate_is_returned_without_embedding()
    {
        var second = new RecordingEncoder();
        var rescorer = new EncoderRescorer(second, Options.Create(new RescoringOptions { Rescorer = RescoringOptions.Encoder, Weight = 0 }));
        SearchHit[] candidates = [Hit("a", "Nothing relevant.", 0.9), Hit("b", "Refund period fourteen days.", 0.2)];

        var rescored = await rescorer.RescoreAsync("refund period", FirstEncoderVector, candidates, CancellationToken.None);
        var single = await rescorer.RescoreAsync("refund period", FirstEncoderVector, [candidates[1]], CancellationToken.None);

        Assert.Equal(["a", "b"], rescored.Select(h => h.Chunk.Id));
        Assert.Equal(["b"], single.Select(h => h.Chunk.Id));
        Assert.Equal(3, second.Texts.Count); // the first call's query and two chunks; none for the single candidate
    }

    [Fact]
    public async Task A_question_with_chinese_in_it_keeps_the_fused_order_without_calling_the_english_encoder()
    {
        var second = new RecordingEncoder();
        var rescorer = new EncoderRescorer(second, Options.Create(new RescoringOptions { Rescorer = RescoringOptions.Encoder, Weight = 10 }));
        SearchHit[] candidates = [Hit("a", "退款期限为十四天。", 0.9), Hit("b", "Refund period refund 退款 fourteen days.", 0.2)];

        var rescored = await rescorer.RescoreAsync("refund 退款期限是多久", FirstEncoderVector, candidates, CancellationToken.None);

        Assert.Same(candidates, rescored);
        Assert.Empty(second.Texts);
    }

    [Theory]
    [InlineData(RescoringOptions.Encoder, 10, 0.5)]
    [InlineData(RescoringOptions.Sentence, 30, 0.25)]
    public void Depth_and_weight_default_to_what_was_measured_best_for_each_rescorer(string rescorer, int depth, double weight)
    {
        var options = new RescoringOptions { Rescorer = rescorer };

        Assert.Equal(depth, options.EffectiveDepth);
        Assert.Equal(weight, options.EffectiveWeight);
        Assert.Equal(7, new RescoringOptions { Rescorer = rescorer, Depth = 7 }.EffectiveDepth);
    }

    private static SearchHit Hit(string id, string text, double score, string? heading = null) =>
        new(new IndexedChunk(id, "t1", "c1", id, 1, id + ".txt", null, 0, text, heading, FirstEncoderVector), score);

    /// <summary>The hashing encoder, recording every text it embeds and its purpose.</summary>
    private sealed class RecordingEncoder : ITextEncoder
    {
        private readonly HashingEncoder inner = new();

        public List<(string Text, EmbeddingPurpose Purpose)> Texts { get; } = [];

        public string ModelId => "second-" + inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int MaxTokens => inner.MaxTokens;

        public int CountTokens(string text) => inner.CountTokens(text);

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken = default)
        {
            Texts.AddRange(texts.Select(t => (t, purpose)));
            return inner.EmbedAsync(texts, purpose, cancellationToken);
        }
    }
}
