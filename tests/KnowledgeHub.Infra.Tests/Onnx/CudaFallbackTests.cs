using KnowledgeHub.Infra.Onnx;
using KnowledgeHub.Infra.Tests.Onnx.Folders;
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

    [NoGpuFact]
    public async Task UseCuda_reaches_a_folder_encoder_and_a_cross_encoder_which_each_fall_back_to_CPU_and_log_where_they_run()
    {
        var root = Directory.CreateTempSubdirectory("kh-cuda-fallback-").FullName;
        try
        {
            var logger = new CapturingLogger();
            var options = new EncoderOptions { UseCuda = true, Model = ShippedModelFolders.Write(EncoderModel.ArcticXs, root) };

            using var encoder = OnnxTextEncoder.Create(options, TestModelCache.Folder, logger);
            using var crossEncoder = OnnxCrossEncoder.Create(CrossEncoderFolders.Write(root, "ce", CrossEncoderFolders.Head(5), 0f), options, logger);

            Assert.Equal("CPU", encoder.ExecutionProvider);
            Assert.Equal("CPU", crossEncoder.ExecutionProvider);
            Assert.Single((await crossEncoder.ScoreAsync("q", ["a passage"])));
            Assert.Equal(2, logger.Entries.Count(e => e.EventId.Id == 4102));
            Assert.Contains(logger.Entries, e => e.EventId.Id == 4101 && e.Message.Contains(encoder.ModelId, StringComparison.Ordinal) && e.Message.Contains("CPU", StringComparison.Ordinal));
            Assert.Contains(logger.Entries, e => e.EventId.Id == 4108 && e.Message.Contains(crossEncoder.ModelId, StringComparison.Ordinal) && e.Message.Contains("CPU", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
