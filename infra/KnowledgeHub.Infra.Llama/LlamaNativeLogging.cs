using LLama.Native;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Infra.Llama;

/// <summary>
/// Routes llama.cpp's own log lines into the host's logging once per process. llama.cpp keeps a single
/// global callback, so the first logger wins. Without this it prints progress dots and model metadata to stderr.
/// The CPU backend needs no other native configuration: LLamaSharp picks the AVX level of the machine itself.
/// </summary>
internal static class LlamaNativeLogging
{
    private static readonly Lock Gate = new();
    private static bool configured;

    public static void EnsureConfigured(ILogger logger)
    {
        lock (Gate)
        {
            if (configured)
            {
                return;
            }

            NativeLogConfig.llama_log_set((level, message) => Write(logger, level, message));
            configured = true;
        }
    }

    private static void Write(ILogger logger, LLamaLogLevel level, string message)
    {
        // "Continue" fragments are the progress dots of a model load.
        if (level == LLamaLogLevel.Continue)
        {
            return;
        }

        var line = message.TrimEnd();
        if (line.Length == 0)
        {
            return;
        }

        switch (level)
        {
            case LLamaLogLevel.Error:
                LlamaLog.NativeError(logger, line);
                break;
            case LLamaLogLevel.Warning:
                LlamaLog.NativeWarning(logger, line);
                break;
            default:
                LlamaLog.NativeTrace(logger, line);
                break;
        }
    }
}
