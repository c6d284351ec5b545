using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Bench.Tests;

public sealed class PlumbingModelFoldersTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("kh-plumbing-").FullName;

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task The_benched_folders_load_as_an_encoder_matching_MiniLM_and_as_a_cross_encoder()
    {
        var (encoderFolder, crossEncoderFolder) = PlumbingModelFolders.Write(root, TestModelCache.Folder);
        using var builtIn = OnnxTextEncoder.Create(new EncoderOptions(), TestModelCache.Folder);
        using var fromFolder = OnnxTextEncoder.Create(new EncoderOptions { Model = encoderFolder }, TestModelCache.Folder);
        using var crossEncoder = OnnxCrossEncoder.Create(crossEncoderFolder, new EncoderOptions());

        var expected = (await builtIn.EmbedAsync(["Protein folding is measured in the laboratory."], EmbeddingPurpose.Passage))[0];
        var actual = (await fromFolder.EmbedAsync(["Protein folding is measured in the laboratory."], EmbeddingPurpose.Passage))[0];
        var scores = await crossEncoder.ScoreAsync("protein folding", ["Protein folding is measured.", "A man is eating food."]);

        Assert.InRange(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(expected, actual), 0.9999f, 1.0001f);
        Assert.Equal(2, scores.Length);
        Assert.NotEqual(scores[0], scores[1]);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
