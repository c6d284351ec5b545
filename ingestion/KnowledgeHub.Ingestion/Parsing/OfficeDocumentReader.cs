using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// What the .docx and .xlsx parsers share: the whole upload is read (OpenXml needs a seekable stream), the zip is
/// vetted by <see cref="OfficePackageGuard"/>, and OpenXml's many ways of reporting a malformed package become one
/// rejection. OpenXml is synchronous and CPU-bound, so the work runs on the thread pool.
/// </summary>
internal static class OfficeDocumentReader
{
    public delegate ParsedDocument Parse(Stream package, OpenSettings settings, CancellationToken cancellationToken);

    public static async Task<ParsedDocument> ReadAsync(
        Stream content, string fileName, OfficeFormat format, ParsingOptions options, ILogger logger, Parse parse, CancellationToken cancellationToken)
    {
        var bytes = await StreamContent.ReadAllAsync(content, cancellationToken);
        return await Task.Run(
            () =>
            {
                OfficePackageGuard.Check(bytes, format, options, logger, fileName, cancellationToken);
                using var package = new MemoryStream(bytes, writable: false);

                // A second line of defence: OpenXml itself refuses an XML part longer than the unpacked limit.
                var settings = new OpenSettings { MaxCharactersInPart = options.MaxUnpackedBytes };
                try
                {
                    var document = parse(package, settings, cancellationToken);
                    ParsingLog.Parsed(logger, fileName, format.Kind, document.Blocks.Count);
                    return document;
                }
                catch (Exception ex) when (IsMalformedPackage(ex))
                {
                    ParsingLog.OfficeUnreadable(logger, fileName, format.Kind, ex.GetType());
                    ParsingLog.OfficeFailureDetails(logger, ex, fileName);
                    throw new DocumentRejectedException(DocumentRejections.NotOfficeDocument(format.Kind, format.Extension), ex);
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// The exceptions OpenXml and System.IO.Packaging throw for a package that is a zip but not a valid document of the
    /// format (main part missing, wrong content type, malformed XML or relationships). No retry changes the bytes.
    /// </summary>
    private static bool IsMalformedPackage(Exception ex) =>
        ex is OpenXmlPackageException or InvalidDataException or FormatException or XmlException or IOException;
}
