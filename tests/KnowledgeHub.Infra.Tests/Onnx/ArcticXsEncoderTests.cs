using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tests.Onnx;

public sealed class ArcticXsEncoderTests
{
    [Fact]
    public async Task Arctic_xs_loads_and_embeds_unit_vectors_of_384_dimensions()
    {
        using var encoder = OnnxTextEncoder.Create(new EncoderOptions { Model = "snowflake-arctic-embed-xs" }, TestModelCache.Folder);

        var passages = await encoder.EmbedAsync(
            ["A man is eating a piece of bread.", "The girl is carrying a baby."], EmbeddingPurpose.Passage);
        var query = (await encoder.EmbedAsync(["what is the man eating"], EmbeddingPurpose.Query))[0];
        var bareQuery = (await encoder.EmbedAsync(["what is the man eating"], EmbeddingPurpose.Passage))[0];

        Assert.Equal("snowflake-arctic-embed-xs", encoder.ModelId);
        Assert.Equal(512, encoder.MaxTokens);
        Assert.All(passages.Append(query), v =>
        {
            Assert.Equal(384, v.Length);
            Assert.InRange(Vectors.Norm(v), 0.999f, 1.001f);
        });
        Assert.True(Vectors.Cosine(query, passages[0]) > Vectors.Cosine(query, passages[1]));
        // The query prefix is applied to queries only.
        Assert.True(Vectors.MaxAbsDifference(query, bareQuery) > 1e-3f);
    }
}
