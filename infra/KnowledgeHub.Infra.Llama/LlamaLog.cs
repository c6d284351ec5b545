using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Infra.Llama;

internal static partial class LlamaLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Loaded decoder model {ModelId} from {Path} (context {ContextSize} tokens, chat template: {HasTemplate})")]
    public static partial void ModelLoaded(ILogger logger, string modelId, string path, int contextSize, bool hasTemplate);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Decoder finished: {PromptTokens} prompt tokens, {OutputTokens} output tokens, finish reason {FinishReason}")]
    public static partial void Generated(ILogger logger, int promptTokens, int outputTokens, string finishReason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Trace, Message = "Decoder prompt: {Prompt}")]
    public static partial void Prompt(ILogger logger, string prompt);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "llama.cpp: {Message}")]
    public static partial void NativeWarning(ILogger logger, string message);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Error, Message = "llama.cpp: {Message}")]
    public static partial void NativeError(ILogger logger, string message);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Trace, Message = "llama.cpp: {Message}")]
    public static partial void NativeTrace(ILogger logger, string message);
}
