using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>Creates the inference session: CUDA when asked for and loadable, CPU otherwise.</summary>
internal static class OnnxSessionFactory
{
    public static (InferenceSession Session, string ExecutionProvider) Create(
        string modelPath, string modelId, int intraOpThreads, bool useCuda, ILogger logger)
    {
        if (useCuda && TryCreateCuda(modelPath, modelId, intraOpThreads, logger) is { } cudaSession)
        {
            return (cudaSession, "CUDA");
        }

        using var options = CreateOptions(intraOpThreads);
        return (new InferenceSession(modelPath, options), "CPU");
    }

    // GetAvailableProviders() lists CUDA even where the CUDA libraries or the GPU are missing, so the only
    // reliable probe is to append the provider and build the session. Without CUDA libraries the append
    // throws (OnnxRuntimeException "Failed to load shared library", or EntryPointNotFoundException from a
    // CPU-only native build); with libraries but no device, creating the session throws instead.
    private static InferenceSession? TryCreateCuda(string modelPath, string modelId, int intraOpThreads, ILogger logger)
    {
        using var options = CreateOptions(intraOpThreads);
        try
        {
            options.AppendExecutionProvider_CUDA(0);
            return new InferenceSession(modelPath, options);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            OnnxEncoderLog.CudaUnavailable(logger, modelId, FirstLine(ex.Message));
            return null;
        }
    }

    private static SessionOptions CreateOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        return options;
    }

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }
}
