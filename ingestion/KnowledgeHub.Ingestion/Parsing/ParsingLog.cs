using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Parsing;

internal static partial class ParsingLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Decoded {FileName} ({Bytes} bytes) as {Encoding}")]
    public static partial void Decoded(ILogger logger, string fileName, string encoding, int bytes);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "Parsed {FileName}: {PageCount} pages, {BlockCount} blocks, outline used: {UsedOutline}")]
    public static partial void PdfParsed(ILogger logger, string fileName, int pageCount, int blockCount, bool usedOutline);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Skipped page {Page} of {FileName}: PdfPig failed with {ExceptionType}")]
    public static partial void PdfPageSkipped(ILogger logger, string fileName, int page, Type exceptionType);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Rejected {FileName}: PdfPig could not open it ({ExceptionType})")]
    public static partial void PdfUnreadable(ILogger logger, string fileName, Type exceptionType);

    // PdfPig's messages can quote tokens from the file, so the exception itself is logged at Trace only.
    [LoggerMessage(EventId = 2205, Level = LogLevel.Trace, Message = "PdfPig failure details for {FileName}")]
    public static partial void PdfFailureDetails(ILogger logger, Exception exception, string fileName);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Debug, Message = "Ignored the outline of {FileName}: it could not be read")]
    public static partial void PdfOutlineUnreadable(ILogger logger, string fileName);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Rejected {FileName}: it unpacks to more than {LimitBytes} bytes")]
    public static partial void UnpackLimitExceeded(ILogger logger, string fileName, long limitBytes);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Warning, Message = "Rejected {FileName}: a part is compressed more than {MaxRatio}:1")]
    public static partial void CompressionRatioExceeded(ILogger logger, string fileName, int maxRatio);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Warning, Message = "Rejected {FileName}: it could not be read as a {Kind} ({ExceptionType})")]
    public static partial void OfficeUnreadable(ILogger logger, string fileName, string kind, Type exceptionType);

    // OpenXml's and System.IO.Packaging's messages can quote markup from the file, so they are logged at Trace only.
    [LoggerMessage(EventId = 2210, Level = LogLevel.Trace, Message = "Office document failure details for {FileName}")]
    public static partial void OfficeFailureDetails(ILogger logger, Exception exception, string fileName);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Debug, Message = "Parsed {FileName} as {Format}: {BlockCount} blocks")]
    public static partial void Parsed(ILogger logger, string fileName, string format, int blockCount);

    [LoggerMessage(EventId = 2230, Level = LogLevel.Information, Message = "Read {Pages} pages of {FileName} by OCR")]
    public static partial void OcrPagesRead(ILogger logger, string fileName, int pages);

    [LoggerMessage(EventId = 2231, Level = LogLevel.Warning, Message = "{FileName}: {Pages} pages have no text layer and OCR is not available; they are left out")]
    public static partial void OcrPagesSkipped(ILogger logger, string fileName, int pages);

    [LoggerMessage(EventId = 2232, Level = LogLevel.Debug, Message = "Page {Page} is turned {Degrees:F2} degrees; straightened before OCR")]
    public static partial void OcrPageStraightened(ILogger logger, int page, double degrees);

    [LoggerMessage(EventId = 2233, Level = LogLevel.Warning, Message = "{FileName} is handed to Tesseract as a file, not straightened, frames not in parallel: {Reason}")]
    public static partial void OcrImageReadAsFile(ILogger logger, string fileName, string reason);
}
