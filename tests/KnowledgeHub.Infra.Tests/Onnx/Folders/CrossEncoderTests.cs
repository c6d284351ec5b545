using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Rescoring;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infra.Tests.Onnx.Folders;

public sealed class CrossEncoderTests : IDisposable
{
    private static readonly string[] Passages =
    [
        "Protein folding is measured with circular dichroism.",
        "A man is eating food.",
        "The girl is carrying a baby across the busy street in the rain, looking for shelter.",
        "Short.",
        "Vitamin D deficiency is common in northern countries during the winter months.",
    ];

    private readonly string root = Directory.CreateTempSubdirectory("kh-cross-encoders-").FullName;

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task Pairs_scored_in_batches_score_as_one_by_one_and_the_logits_follow_the_head_the_test_set()
    {
        var head = CrossEncoderFolders.Head(7);
        using var batched = OnnxCrossEncoder.Create(CrossEncoderFolders.Write(root, "ce", head, 0.5f), new EncoderOptions { BatchSize = 2 });
        using var reversed = OnnxCrossEncoder.Create(CrossEncoderFolders.Write(root, "ce-negated", [.. head.Select(w => -w)], 0.5f), new EncoderOptions { BatchSize = 1 });

        var together = await batched.ScoreAsync("how is protein folding measured", Passages);
        var alone = new float[Passages.Length];
        for (var i = 0; i < Passages.Length; i++)
        {
            alone[i] = (await batched.ScoreAsync("how is protein folding measured", [Passages[i]]))[0];
        }

        var negated = await reversed.ScoreAsync("how is protein folding measured", Passages);
        for (var i = 0; i < Passages.Length; i++)
        {
            Assert.InRange(together[i], alone[i] - 1e-4f, alone[i] + 1e-4f);
            // logits = cls · w + b, so negating w mirrors them around b.
            Assert.InRange(negated[i], 1f - alone[i] - 1e-3f, 1f - alone[i] + 1e-3f);
        }

        Assert.True(together.Distinct().Count() == Passages.Length, "the head should tell the passages apart");
        Assert.Equal("CPU", batched.ExecutionProvider);
        Assert.StartsWith("ce-", batched.ModelId, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task The_cross_encoder_rescorer_orders_the_head_by_its_logits_and_keeps_the_rest_after_it()
    {
        using var crossEncoder = OnnxCrossEncoder.Create(CrossEncoderFolders.Write(root, "ce", CrossEncoderFolders.Head(11), 0f), new EncoderOptions());
        var candidates = Passages.Select((p, i) => Hit("c" + i, p, 10 - i)).ToList();
        var rescorer = new CrossEncoderRescorer(crossEncoder, Options.Create(new RescoringOptions { Rescorer = RescoringOptions.CrossEncoder, Depth = 4, Weight = 1000 }));

        var rescored = await rescorer.RescoreAsync("protein folding", [1f], candidates, CancellationToken.None);

        var logits = await crossEncoder.ScoreAsync("protein folding", Passages[..4]);
        var expected = Enumerable.Range(0, 4).OrderByDescending(i => logits[i]).Select(i => "c" + i).Append("c4");
        Assert.Equal(expected, rescored.Select(h => h.Chunk.Id));
        Assert.NotEqual(candidates.Select(h => h.Chunk.Id), rescored.Select(h => h.Chunk.Id));
    }

    [Fact]
    public void A_model_folder_whose_graph_takes_a_wrong_input_name_fails_at_start_naming_the_file_and_the_input()
    {
        var folder = CrossEncoderFolders.Write(root, "ce-wrong", CrossEncoderFolders.Head(3), 0f, inputIdsName: "ids");

        var error = Assert.Throws<InvalidDataException>(() => OnnxCrossEncoder.Create(folder, new EncoderOptions()));

        Assert.Contains(Path.Combine(folder, "model.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains("'ids'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Chinese_question_keeps_the_fused_order_with_a_cross_encoder_that_does_not_declare_Chinese()
    {
        using var crossEncoder = OnnxCrossEncoder.Create(CrossEncoderFolders.Write(root, "ce", CrossEncoderFolders.Head(11), 0f), new EncoderOptions());
        var candidates = Passages.Select((p, i) => Hit("c" + i, p, 10 - i)).ToList();
        var rescorer = new CrossEncoderRescorer(crossEncoder, Options.Create(new RescoringOptions { Rescorer = RescoringOptions.CrossEncoder, Weight = 1000 }));

        var rescored = await rescorer.RescoreAsync("蛋白质折叠如何测量", [1f], candidates, CancellationToken.None);

        Assert.Same(candidates, rescored);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static SearchHit Hit(string id, string text, double score) =>
        new(new IndexedChunk(id, "t1", "c1", id, 1, id + ".txt", null, 0, text, null, [1f]), score);
}
