using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Retrieval;
using KnowledgeHub.TestSupport;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Infra.Tests.Onnx;

public sealed class CudaFallbackTests
{
    [NoGpuFact]
    public async Task UseCuda_without_a_usable_GPU_falls_back_to_CPU_with_one_warning_and_still_embeds()
    {
        var logger = new CapturingLogger();

        using var encoder = OnnxTextEncoder.Create(new EncoderOptions { UseCuda = true }, TestModelCache.Folder, logger);

        var vectors = await encoder.EmbedAsync(["A man is eating food."], EmbeddingPurpose.Passage);

        Assert.Equal("CPU", encoder.ExecutionProvider);
        Assert.Equal(384, vectors[0].Length);
        var warning = Assert.Single(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(4102, warning.EventId.Id);
        Assert.Contains("CPU", warning.Message, StringComparison.Ordinal);
    }
}
