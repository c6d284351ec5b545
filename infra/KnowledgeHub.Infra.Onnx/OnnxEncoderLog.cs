using KnowledgeHub.Retrieval;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>Log events of the ONNX encoder adapter; event ids 4100-4199 are reserved for it.</summary>
internal static partial class OnnxEncoderLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Encoder {ModelId} loaded from {ModelPath}: {ExecutionProvider}, {IntraOpThreads} intra-op threads per run, {ParallelRuns} runs at once, batch size {BatchSize}")]
    public static partial void EncoderLoaded(ILogger logger, string modelId, string modelPath, string executionProvider, int intraOpThreads, int parallelRuns, int batchSize);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "CUDA execution provider is unavailable ({Reason}); encoder {ModelId} runs on CPU")]
    public static partial void CudaUnavailable(ILogger logger, string modelId, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "Extracted {ResourceName} ({Bytes} bytes) from {SourcePath} to {TargetPath}")]
    public static partial void ResourceExtracted(ILogger logger, string resourceName, long bytes, string sourcePath, string targetPath);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information,
        Message = "Quantised encoder {ModelId} to int8 ({MatMuls} MatMuls) into {Path}")]
    public static partial void ModelQuantized(ILogger logger, string modelId, int matMuls, string path);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information,
        Message = "Cross-encoder {ModelId} loaded from {ModelPath}: {ExecutionProvider}, {IntraOpThreads} intra-op threads per run, {ParallelRuns} runs at once, batch size {BatchSize}")]
    public static partial void CrossEncoderLoaded(ILogger logger, string modelId, string modelPath, string executionProvider, int intraOpThreads, int parallelRuns, int batchSize);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Embedded {Count} texts as {Purpose} in {Runs} runs")]
    public static partial void Embedded(ILogger logger, int count, EmbeddingPurpose purpose, int runs);
}
