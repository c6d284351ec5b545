using System.Collections.Concurrent;
using System.Diagnostics;
using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Onnx.Folders;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Embedded;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Infra.Tests.Onnx.Folders;

public sealed class MultilingualDenseSearchTests : IDisposable
{
    private static readonly string[] Passages =
    [
        "退款期限为十四天，从收到商品之日起计算。",
        "蛋白质折叠可以用圆二色谱测量。",
        "The refund period is fourteen days from delivery.",
    ];

    private readonly string root = Directory.CreateTempSubdirectory("kh-multilingual-").FullName;

    [Fact]
    [Trait("Speed", "Slow")]
    public async Task An_encoder_declaring_Chinese_searches_densely_for_a_Chinese_question_and_an_English_one_does_not()
    {
        var folder = ShippedModelFolders.Write(EncoderModel.MiniLM, root, "minilm-zh");
        ShippedModelFolders.WriteJson(folder, ModelFolder.OverrideFileName, new { languages = new[] { "en", "zh" } });
        using var chinese = OnnxTextEncoder.Create(new EncoderOptions { Model = folder }, TestModelCache.Folder);
        using var english = OnnxTextEncoder.Create(new EncoderOptions(), TestModelCache.Folder);

        Assert.Equal(["en", "zh"], chinese.Languages);
        Assert.Equal("skipped", await DenseTagAsync(english, "退款期限是多久？"));
        Assert.Equal("used", await DenseTagAsync(chinese, "退款期限是多久？"));
        Assert.Equal("used", await DenseTagAsync(english, "How long is the refund period?"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>What the retrieval span says of the dense side for one hybrid search.</summary>
    private static async Task<string?> DenseTagAsync(OnnxTextEncoder encoder, string question)
    {
        var tenant = "t-" + Guid.NewGuid().ToString("N");
        using var index = EmbeddedIndex.Open(null, encoder.ModelId, encoder.Dimensions);
        var vectors = await encoder.EmbedAsync(Passages, EmbeddingPurpose.Passage);
        await index.UpsertAsync([.. Passages.Select((t, i) => new IndexedChunk(ChunkId.For($"d{i}", 1, 0), tenant, "c1", $"d{i}", 1, "f.txt", null, 0, t, null, vectors[i]))]);
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KnowledgeHubTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var hits = await new HybridRetriever(encoder, index).SearchAsync(question, SearchFilter.ForTenant(tenant), top: 3);

        Assert.NotEmpty(hits);
        var span = Assert.Single(spans, s => s.OperationName == "knowledgehub.retrieve" && (string?)s.GetTagItem("knowledgehub.tenant") == tenant);
        Assert.Equal(encoder.ModelId, span.GetTagItem("knowledgehub.search.encoder"));
        return (string?)span.GetTagItem("knowledgehub.search.dense");
    }
}
