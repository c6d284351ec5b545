using System.Buffers;
using System.IO.Compression;
using Microsoft.Extensions.Logging;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Inspects the zip container of an Office Open XML file before OpenXml may open it, so that a small upload cannot
/// unpack into gigabytes (a decompression bomb) inside the worker. The sizes in the zip directory are checked first,
/// which rejects an ordinary bomb without inflating a byte; then every part is inflated once into a counting loop,
/// because those sizes are written by whoever made the file and need not be true.
/// </summary>
internal static class OfficePackageGuard
{
    // Small parts (a few hundred KiB of repetitive XML) can legitimately compress very well and cannot do harm.
    private const long RatioCheckMinBytes = 1024 * 1024;

    private const int ReadBufferBytes = 81920;

    /// <summary>OLE compound file signature: Office 97-2003 binaries, and Office files encrypted with a password.</summary>
    private static ReadOnlySpan<byte> OleSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <exception cref="DocumentRejectedException">Empty, encrypted or legacy, not a zip, or unpacking beyond the limits.</exception>
    public static void Check(byte[] bytes, OfficeFormat format, ParsingOptions options, ILogger logger, string fileName, CancellationToken cancellationToken)
    {
        if (bytes.Length == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.Empty);
        }

        if (bytes.AsSpan().StartsWith(OleSignature))
        {
            throw new DocumentRejectedException(DocumentRejections.OfficeProtectedOrLegacy(format.Extension));
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            CheckDeclaredSizes(archive, options, logger, fileName);
            CheckInflatedSizes(archive, options, logger, fileName, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            // Not a zip, a truncated one, encrypted zip entries or an unknown compression method.
            ParsingLog.OfficeUnreadable(logger, fileName, format.Kind, ex.GetType());
            ParsingLog.OfficeFailureDetails(logger, ex, fileName);
            throw new DocumentRejectedException(DocumentRejections.NotOfficeDocument(format.Kind, format.Extension), ex);
        }
    }

    internal static void CheckDeclaredSizes(ZipArchive archive, ParsingOptions options, ILogger logger, string fileName)
    {
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            if (entry.Length < 0 || entry.CompressedLength < 0)
            {
                throw new InvalidDataException("A zip entry declares a negative size.");
            }

            // Compared as a remainder so that absurd declared sizes cannot overflow the sum.
            if (entry.Length > options.MaxUnpackedBytes - total)
            {
                throw TooLarge(options, logger, fileName);
            }

            total += entry.Length;
            if (entry.Length > RatioCheckMinBytes && (double)entry.Length / Math.Max(entry.CompressedLength, 1) > options.MaxCompressionRatio)
            {
                ParsingLog.CompressionRatioExceeded(logger, fileName, options.MaxCompressionRatio);
                throw new DocumentRejectedException(DocumentRejections.CompressionRatioTooHigh(options.MaxCompressionRatio));
            }
        }
    }

    internal static void CheckInflatedSizes(ZipArchive archive, ParsingOptions options, ILogger logger, string fileName, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long entryBytes = 0;
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer, 0, ReadBufferBytes)) > 0)
                {
                    entryBytes += read;
                    total += read;
                    if (total > options.MaxUnpackedBytes)
                    {
                        throw TooLarge(options, logger, fileName);
                    }

                    if (entryBytes > entry.Length)
                    {
                        // The directory understated the part's size: the file was crafted or is corrupt.
                        throw new InvalidDataException("A zip entry inflates to more than its declared size.");
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DocumentRejectedException TooLarge(ParsingOptions options, ILogger logger, string fileName)
    {
        ParsingLog.UnpackLimitExceeded(logger, fileName, options.MaxUnpackedBytes);
        return new DocumentRejectedException(DocumentRejections.DecompressionBomb(options.MaxUnpackedBytes));
    }
}
