using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>Creates the inference session: CUDA when asked for and loadable, CPU otherwise.</summary>
internal static class OnnxSessionFactory
{
    public const string CpuProvider = "CPU";

    /// <param name="configuredThreads"><see cref="EncoderOptions.IntraOpThreads"/>, resolved per provider by <see cref="InferenceRuns.IntraOpThreadsFor"/>.</param>
    public static (InferenceSession Session, string ExecutionProvider, int IntraOpThreads) Create(
        string modelPath, string modelId, int configuredThreads, bool useCuda, ILogger logger, bool spinWait)
    {
        var gpuThreads = InferenceRuns.IntraOpThreadsFor(configuredThreads, gpu: true);
        if (useCuda && TryCreateCuda(modelPath, modelId, gpuThreads, spinWait, logger) is { } cudaSession)
        {
            return (cudaSession, "CUDA", gpuThreads);
        }

        var cpuThreads = InferenceRuns.IntraOpThreadsFor(configuredThreads, gpu: false);
        using var options = CreateOptions(cpuThreads, spinWait);
        return (new InferenceSession(modelPath, options), CpuProvider, cpuThreads);
    }

    // GetAvailableProviders() lists CUDA even where the CUDA libraries or the GPU are missing, so the only
    // reliable probe is to append the provider and build the session. Without CUDA libraries the append
    // throws (OnnxRuntimeException "Failed to load shared library", or EntryPointNotFoundException from a
    // CPU-only native build); with libraries but no device, creating the session throws instead.
    private static InferenceSession? TryCreateCuda(string modelPath, string modelId, int intraOpThreads, bool spinWait, ILogger logger)
    {
        using var options = CreateOptions(intraOpThreads, spinWait);
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

    private static SessionOptions CreateOptions(int intraOpThreads, bool spinWait)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        if (!spinWait)
        {
            // Idle intra-op threads sleep instead of spinning: a spinning thread takes a core from the rest of the
            // process (parsing, chunking, the index, the web server) and is pure waste when the cores are shared.
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        return options;
    }

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }
}
