using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Onnx.Quantization;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Onnx;

namespace KnowledgeHub.Infra.Tests.Onnx;

public sealed class Int8EncoderTests : IClassFixture<MiniLmEncoderFixture>
{
    private static readonly string[] Texts =
    [
        "Vitamin D supplementation reduces the risk of respiratory infections.",
        "The transformer architecture relies entirely on self-attention.",
        "预训练语言模型在下游任务上微调。",
        "What is the recommended dose of amoxicillin for children?",
        "Quarterly revenue grew by twelve percent in the European segment.",
    ];

    private readonly MiniLmEncoderFixture floatEncoder;

    public Int8EncoderTests(MiniLmEncoderFixture floatEncoder) => this.floatEncoder = floatEncoder;

    [Fact]
    public void Quantizer_replaces_every_weight_matmul_with_integer_matmul_and_keeps_activation_matmuls()
    {
        var floatPath = new ModelProvisioner(TestModelCache.Folder).Provision(EncoderModel.MiniLM).ModelPath;
        var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(floatPath));

        var (quantized, count) = DynamicInt8Quantizer.Quantize(original);

        // MiniLM-L6: 6 layers x (Q, K, V, attention output, two feed-forward) = 36 weight MatMuls; the 12 attention
        // score/context MatMuls multiply two activations and must stay float.
        Assert.Equal(36, count);
        Assert.Equal(36, quantized.Graph.Node.Count(n => n.OpType == "MatMulInteger"));
        Assert.Equal(12, quantized.Graph.Node.Count(n => n.OpType == "MatMul"));
        Assert.Equal(original.Graph.Node.Count(n => n.OpType == "MatMul") - 36, quantized.Graph.Node.Count(n => n.OpType == "MatMul"));
        var initializerNames = quantized.Graph.Initializer.Select(i => i.Name).ToHashSet();
        Assert.All(quantized.Graph.Node.SelectMany(n => n.Input).Where(i => i.EndsWith("_kh_int8", StringComparison.Ordinal)), i => Assert.Contains(i, initializerNames));
        // The float word-embedding table (30,522 x 384) is half the model and stays float; the layers shrink fourfold.
        Assert.True(quantized.CalculateSize() < original.CalculateSize() * 0.7, "int8 layer weights should shrink the graph by at least 30%");
    }

    [Fact]
    public async Task Int8_encoder_has_its_own_model_id_and_stays_close_to_the_float_model()
    {
        using var int8 = OnnxTextEncoder.Create(new EncoderOptions { Precision = EncoderOptions.Quantized }, TestModelCache.Folder);

        Assert.Equal("all-MiniLM-L6-v2-int8", int8.ModelId);
        Assert.Equal(floatEncoder.Encoder.Dimensions, int8.Dimensions);
        var expected = await floatEncoder.Encoder.EmbedAsync(Texts, EmbeddingPurpose.Passage);
        var actual = await int8.EmbedAsync(Texts, EmbeddingPurpose.Passage);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.True(Vectors.Cosine(expected[i], actual[i]) > 0.97f, $"text {i}: cosine {Vectors.Cosine(expected[i], actual[i])}");
            Assert.Equal(1f, Vectors.Norm(actual[i]), 3);
        }

        // Neighbours keep their order: the quantised model ranks the same way the float model does.
        var query = "children's antibiotic dosage";
        var q8 = (await int8.EmbedAsync([query], EmbeddingPurpose.Query))[0];
        var q32 = (await floatEncoder.Encoder.EmbedAsync([query], EmbeddingPurpose.Query))[0];
        Assert.Equal(
            Enumerable.Range(0, Texts.Length).MaxBy(i => Vectors.Cosine(q32, expected[i])),
            Enumerable.Range(0, Texts.Length).MaxBy(i => Vectors.Cosine(q8, actual[i])));
    }

    [Fact]
    public void Unknown_precision_is_rejected_with_the_allowed_values()
    {
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => OnnxTextEncoder.Create(new EncoderOptions { Precision = "fp16" }, TestModelCache.Folder));
        Assert.Contains("'float32' or 'int8'", error.Message, StringComparison.Ordinal);
    }
}
