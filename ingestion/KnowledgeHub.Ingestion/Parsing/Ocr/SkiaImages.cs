using SkiaSharp;

namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// PNG, JPEG, BMP and WebP decoded in process by Skia (SkiaSharp's self-contained Linux build, which needs nothing
/// beyond libc and libstdc++), to the grey page the deskew and OCR path reads.
/// </summary>
internal static class SkiaImages
{
    private static readonly Lazy<string?> NativeProblem = new(ProbeNative);

    /// <summary>Why Skia's native library cannot run here; null when it can. Probed once.</summary>
    public static string? WhyUnavailable => NativeProblem.Value;

    /// <summary>Why this image cannot be decoded here (Skia missing, a codec it lacks); null when it can.</summary>
    public static string? WhyNotDecodable(byte[] bytes)
    {
        if (WhyUnavailable is { } missing)
        {
            return missing;
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return codec is null ? "Skia has no decoder for this file" : null;
    }

    /// <summary>The image as grey (luma), any transparency laid on white.</summary>
    /// <exception cref="DocumentRejectedException">The file is damaged or incomplete.</exception>
    public static GreyPage Decode(byte[] bytes, long maxPixels)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new DocumentRejectedException(DocumentRejections.ImageDamaged("it could not be decoded"));
        var (width, height) = (codec.Info.Width, codec.Info.Height);

        // The header check ran on the same bytes; this guards against a decoder that reads a different size.
        if ((long)width * height > maxPixels || width <= 0 || height <= 0)
        {
            throw new DocumentRejectedException(DocumentRejections.PageTooLarge("The image", width, height, maxPixels));
        }

        return Upright(DecodePixels(codec, width, height, maxPixels), codec.EncodedOrigin);
    }

    private static GreyPage DecodePixels(SKCodec codec, int width, int height, long maxPixels)
    {
        if (codec.Info.ColorType == SKColorType.Gray8)
        {
            var grey = new byte[width * height];
            Check(codec.GetPixels(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), grey));
            return new GreyPage(width, height, grey);
        }

        var rgba = new byte[(long)width * height * 4 > Array.MaxLength ? throw new DocumentRejectedException(DocumentRejections.PageTooLarge("The image", width, height, maxPixels)) : width * height * 4];
        Check(codec.GetPixels(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), rgba));
        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = GreyPage.Luma(rgba[i * 4], rgba[(i * 4) + 1], rgba[(i * 4) + 2], rgba[(i * 4) + 3]);
        }

        return new GreyPage(width, height, pixels);
    }

    /// <summary>
    /// The page as it is meant to be seen: a phone stores a portrait photo sideways and says so in the EXIF orientation,
    /// which browsers (and so the portal) apply; boxes are then on the page as the reader sees it.
    /// </summary>
    private static GreyPage Upright(GreyPage stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return stored;
        }

        var (w, h) = (stored.Width, stored.Height);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swaps ? (h, w) : (w, h);
        var pixels = new byte[stored.Pixels.Length];
        for (var v = 0; v < height; v++)
        {
            for (var u = 0; u < width; u++)
            {
                // Where the upright pixel (u, v) is stored.
                var (x, y) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - u, v),
                    SKEncodedOrigin.BottomRight => (w - 1 - u, h - 1 - v),
                    SKEncodedOrigin.BottomLeft => (u, h - 1 - v),
                    SKEncodedOrigin.LeftTop => (v, u),
                    SKEncodedOrigin.RightTop => (v, h - 1 - u),
                    SKEncodedOrigin.RightBottom => (w - 1 - v, h - 1 - u),
                    SKEncodedOrigin.LeftBottom => (w - 1 - v, u),
                    _ => (u, v),
                };
                pixels[(v * width) + u] = stored.Pixels[(y * w) + x];
            }
        }

        return new GreyPage(width, height, pixels);
    }

    private static void Check(SKCodecResult result)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
            default:
                throw new DocumentRejectedException(DocumentRejections.ImageDamaged(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"its pixels could not be decoded ({result})")));
        }
    }

    private static string? ProbeNative()
    {
        try
        {
            // Any call into libSkiaSharp loads it; a missing library or a missing system dependency shows here.
            using var data = SKData.CreateCopy([0]);
            _ = SKCodec.Create(data);
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SkiaSharp's native library does not load ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
