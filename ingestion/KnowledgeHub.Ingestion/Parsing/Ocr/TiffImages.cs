using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// TIFF frames decoded in process by LibTiff.NET (managed; CCITT G3/G4 fax, LZW, Deflate, PackBits, JPEG; 1-bit,
/// grey, palette and colour), one frame at a time, so frames of a multi-page scan can be read in parallel.
/// </summary>
internal static class TiffImages
{
    [ThreadStatic]
    private static string? lastError;

    static TiffImages()
    {
        // LibTiff's default handler writes to the console; its messages belong in the rejection reason instead.
        Tiff.SetErrorHandler(new QuietErrors());
    }

    /// <summary>Why some frame cannot be decoded here (a compression or colour layout LibTiff lacks); null when all can.</summary>
    public static string? WhyNotDecodable(byte[] bytes, int frames)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        lastError = null;
        using var tiff = Tiff.ClientOpen("upload", "r", stream, new TiffStream());
        if (tiff is null)
        {
            return "LibTiff could not open it" + Detail();
        }

        for (var frame = 0; frame < frames; frame++)
        {
            if (!tiff.SetDirectory((short)frame))
            {
                return string.Create(CultureInfo.InvariantCulture, $"LibTiff could not open frame {frame + 1}{Detail()}");
            }

            var compression = (Compression)tiff.GetFieldDefaulted(TiffTag.COMPRESSION)[0].ToInt();
            if (!tiff.IsCodecConfigured(compression))
            {
                return string.Create(CultureInfo.InvariantCulture, $"LibTiff has no decoder for compression {compression} (frame {frame + 1})");
            }

            if (!tiff.RGBAImageOK(out var why))
            {
                return string.Create(CultureInfo.InvariantCulture, $"LibTiff cannot convert frame {frame + 1}: {why}");
            }
        }

        return null;
    }

    /// <summary>Frame <paramref name="frame"/> (0-based) as grey (luma), any transparency laid on white.</summary>
    /// <exception cref="DocumentRejectedException">The frame is damaged.</exception>
    public static GreyPage Decode(byte[] bytes, int frame, long maxPixels)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        lastError = null;
        using var tiff = Tiff.ClientOpen("upload", "r", stream, new TiffStream());
        if (tiff is null || !tiff.SetDirectory((short)frame))
        {
            throw new DocumentRejectedException(DocumentRejections.ImageDamaged(string.Create(CultureInfo.InvariantCulture, $"frame {frame + 1} could not be opened{Detail()}")));
        }

        var width = tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        var height = tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        var what = string.Create(CultureInfo.InvariantCulture, $"Frame {frame + 1} of the image");
        if (width <= 0 || height <= 0 || (long)width * height > maxPixels || (long)width * height > Array.MaxLength)
        {
            throw new DocumentRejectedException(DocumentRejections.PageTooLarge(what, width, height, maxPixels));
        }

        var raster = new int[width * height];
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT, stopOnError: true))
        {
            throw new DocumentRejectedException(DocumentRejections.ImageDamaged(string.Create(CultureInfo.InvariantCulture, $"frame {frame + 1} could not be decoded{Detail()}")));
        }

        var pixels = new byte[raster.Length];
        for (var i = 0; i < raster.Length; i++)
        {
            var abgr = raster[i];
            pixels[i] = GreyPage.Luma((byte)Tiff.GetR(abgr), (byte)Tiff.GetG(abgr), (byte)Tiff.GetB(abgr), (byte)Tiff.GetA(abgr));
        }

        return new GreyPage(width, height, pixels);
    }

    private static string Detail() => lastError is { } error ? ": " + error : string.Empty;

    private sealed class QuietErrors : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            lastError = string.Format(CultureInfo.InvariantCulture, format, args);

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
            // Unknown tags and the like: the frame still reads.
        }
    }
}
