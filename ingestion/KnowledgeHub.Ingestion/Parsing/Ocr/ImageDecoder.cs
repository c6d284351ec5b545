using System.Globalization;

namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// Uploaded images decoded in process to <see cref="GreyPage"/>s, frame by frame, so they take the path a rendered
/// PDF page takes (straightened when askew, read in parallel, each under the page time limit). Sizes were checked from
/// the headers (<see cref="ImageFrames"/>) before anything here decodes a pixel.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>
    /// Why this image cannot be decoded here (a native library that does not load, a TIFF compression LibTiff lacks);
    /// null when every frame can. The caller then hands the file to Tesseract as it is.
    /// </summary>
    public static string? WhyNotDecodable(byte[] bytes, int frames)
    {
        try
        {
            return IsTiff(bytes) ? TiffImages.WhyNotDecodable(bytes, frames) : SkiaImages.WhyNotDecodable(bytes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the decoder failed on its header ({ex.GetType().Name})");
        }
    }

    /// <summary>Frame <paramref name="frame"/> (0-based) as grey, 0 black and 255 white.</summary>
    /// <exception cref="DocumentRejectedException">The frame is damaged, incomplete, or larger than <paramref name="maxPixels"/>.</exception>
    public static GreyPage Decode(byte[] bytes, int frame, long maxPixels)
    {
        try
        {
            return IsTiff(bytes) ? TiffImages.Decode(bytes, frame, maxPixels) : SkiaImages.Decode(bytes, maxPixels);
        }
        catch (Exception ex) when (ex is not DocumentRejectedException and not OperationCanceledException and not OutOfMemoryException)
        {
            // A managed decoder meeting a malformed stream throws whatever its arithmetic runs into.
            throw new DocumentRejectedException(DocumentRejections.ImageDamaged(string.Create(CultureInfo.InvariantCulture, $"frame {frame + 1} could not be decoded ({ex.GetType().Name})")));
        }
    }

    private static bool IsTiff(ReadOnlySpan<byte> b) =>
        b.Length >= 4 && ((b[0] == (byte)'I' && b[1] == (byte)'I' && b[2] == 42 && b[3] == 0) || (b[0] == (byte)'M' && b[1] == (byte)'M' && b[2] == 0 && b[3] == 42));
}
