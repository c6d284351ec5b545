using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Infra.Tesseract;

internal static partial class TesseractLog
{
    [LoggerMessage(EventId = 7501, Level = LogLevel.Warning, Message = "{Program} could not be started: {Reason}")]
    public static partial void ProgramMissing(ILogger logger, string program, string reason);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Warning, Message = "Tesseract failed (exit code {ExitCode}) on an image: {Errors}")]
    public static partial void RecognitionFailed(ILogger logger, int exitCode, string errors);

    [LoggerMessage(EventId = 7503, Level = LogLevel.Warning, Message = "pdftoppm failed (exit code {ExitCode}) on page {Page}: {Errors}")]
    public static partial void RenderFailed(ILogger logger, int exitCode, int page, string errors);
}
