using System.Buffers.Binary;
using System.Text;

namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// The size of every frame of an image, read from its header alone, and whether the file is complete. Sizes are
/// known before anything decodes a pixel, so a decompression bomb is refused without costing memory.
/// </summary>
/// <param name="Dpi">The resolution the file states (a scanner writes it); null when it states none.</param>
internal sealed record ImageFrame(int Width, int Height, int? Dpi)
{
    // Below this a stated resolution is a default a camera, phone or screenshot tool writes (72, 96), not a scan's.
    private const int MinStatedDpi = 100;
    private const int MaxStatedDpi = 1200;

    // The long side of A4 (11.69 in) and Letter (11 in), rounded down: a whole page photographed or scanned.
    private const double PageLongSideInches = 11;
    private const int MinEstimatedDpi = 150;
    private const int MaxEstimatedDpi = 600;

    /// <summary>
    /// The resolution Tesseract is told. Without one Tesseract falls back to 70 DPI in its layout analysis and splits
    /// and reorders the lines of a 200-DPI page (a third of its text read wrong), and a 72-DPI default stated by a
    /// camera does the same; a resolution off by a factor of 1.5 either way does not matter. So a frame that states
    /// no plausible resolution is taken as a whole page and its resolution estimated from its long side.
    /// </summary>
    public int ReadingDpi => Dpi is >= MinStatedDpi and <= MaxStatedDpi
        ? Dpi.Value
        : (int)Math.Clamp(Math.Round(Math.Max(Width, Height) / PageLongSideInches), MinEstimatedDpi, MaxEstimatedDpi);
}

internal static class ImageFrames
{
    private const int MaxTiffFrames = 10_000;

    /// <summary>Width and height of each frame; throws <see cref="DocumentRejectedException"/> for a damaged or unknown file.</summary>
    public static List<ImageFrame> Read(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var frames = ReadFormat(bytes);
            if (frames.Count == 0 || frames.Any(f => f.Width <= 0 || f.Height <= 0))
            {
                throw new DocumentRejectedException(DocumentRejections.ImageDamaged("its header gives no size"));
            }

            return frames;
        }
        catch (ArgumentOutOfRangeException)
        {
            // A field that points past the end of the file.
            throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
        }
    }

    private static List<ImageFrame> ReadFormat(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png(b);
        }

        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return Jpeg(b);
        }

        if (b.Length >= 2 && b[0] == (byte)'B' && b[1] == (byte)'M')
        {
            return Bmp(b);
        }

        if (b.Length >= 4 && ((b[0] == (byte)'I' && b[1] == (byte)'I' && b[2] == 42 && b[3] == 0) || (b[0] == (byte)'M' && b[1] == (byte)'M' && b[2] == 0 && b[3] == 42)))
        {
            return Tiff(b, b[0] == (byte)'I');
        }

        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return WebP(b);
        }

        throw new DocumentRejectedException(DocumentRejections.ImageUnknownFormat);
    }

    private static List<ImageFrame> Png(ReadOnlySpan<byte> b)
    {
        var width = BinaryPrimitives.ReadInt32BigEndian(b.Slice(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(b.Slice(20, 4));

        // Every chunk must lie inside the file, up to IEND: a truncated upload ends in the middle of the image data.
        int? dpi = null;
        var at = 8;
        while (true)
        {
            if (at + 8 > b.Length)
            {
                throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(at, 4));
            var type = Encoding.ASCII.GetString(b.Slice(at + 4, 4));
            if (length > int.MaxValue || at + 12L + length > b.Length)
            {
                throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
            }

            if (type == "pHYs" && length >= 9 && b[at + 16] == 1)
            {
                // Pixels per metre.
                dpi = (int)Math.Round(BinaryPrimitives.ReadUInt32BigEndian(b.Slice(at + 8, 4)) * 0.0254);
            }

            at += 12 + (int)length;
            if (type == "IEND")
            {
                return [new ImageFrame(width, height, Plausible(dpi))];
            }
        }
    }

    private static List<ImageFrame> Jpeg(ReadOnlySpan<byte> b)
    {
        (int, int)? size = null;
        int? dpi = null;
        var at = 2;
        while (at + 4 <= b.Length && size is null)
        {
            if (b[at] != 0xFF)
            {
                throw new DocumentRejectedException(DocumentRejections.ImageDamaged("its markers are invalid"));
            }

            var marker = b[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(at + 2, 2));
            if (marker == 0xE0 && length >= 14 && b.Slice(at + 4, 5).SequenceEqual("JFIF\0"u8))
            {
                var density = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(at + 12, 2));
                dpi = b[at + 11] switch { 1 => density, 2 => (int)Math.Round(density * 2.54), _ => null };
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                size = (BinaryPrimitives.ReadUInt16BigEndian(b.Slice(at + 7, 2)), BinaryPrimitives.ReadUInt16BigEndian(b.Slice(at + 5, 2)));
            }

            at += 2 + length;
        }

        if (size is null)
        {
            throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
        }

        // The end-of-image marker closes a complete file; some writers add padding after it.
        var tail = b[Math.Max(0, b.Length - 4096)..];
        if (tail.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0)
        {
            throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
        }

        return [new ImageFrame(size.Value.Item1, size.Value.Item2, Plausible(dpi))];
    }

    private static List<ImageFrame> Bmp(ReadOnlySpan<byte> b)
    {
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(2, 4));
        var width = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(18, 4));
        var height = Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(b.Slice(22, 4)));
        if (declared > b.Length)
        {
            throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
        }

        var perMetre = b.Length >= 42 ? BinaryPrimitives.ReadInt32LittleEndian(b.Slice(38, 4)) : 0;
        return [new ImageFrame(width, height, Plausible((int)Math.Round(perMetre * 0.0254)))];
    }

    private static List<ImageFrame> Tiff(ReadOnlySpan<byte> b, bool little)
    {
        var frames = new List<ImageFrame>();
        var seen = new HashSet<uint>();
        var ifd = U32(b, 4, little);
        while (ifd != 0)
        {
            if (!seen.Add(ifd) || frames.Count >= MaxTiffFrames)
            {
                throw new DocumentRejectedException(DocumentRejections.ImageDamaged("its frame list loops or has too many frames"));
            }

            if (ifd + 2L > b.Length)
            {
                throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
            }

            var entries = U16(b, (int)ifd, little);
            int width = 0, height = 0;
            int? dpi = null;
            var unit = 2;
            long dataEnd = 0;
            uint[] offsets = [], counts = [];
            for (var i = 0; i < entries; i++)
            {
                var e = (int)ifd + 2 + (i * 12);
                var tag = U16(b, e, little);
                switch (tag)
                {
                    case 256: width = (int)Value(b, e, little, 0); break;
                    case 257: height = (int)Value(b, e, little, 0); break;
                    case 273: offsets = Values(b, e, little); break;
                    case 279: counts = Values(b, e, little); break;
                    case 282: dpi = Rational(b, e, little); break;
                    case 296: unit = (int)Value(b, e, little, 0); break;
                }
            }

            for (var i = 0; i < Math.Min(offsets.Length, counts.Length); i++)
            {
                dataEnd = Math.Max(dataEnd, (long)offsets[i] + counts[i]);
            }

            if (dataEnd > b.Length)
            {
                throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
            }

            frames.Add(new ImageFrame(width, height, Plausible(unit == 3 && dpi is { } perCm ? (int)Math.Round(perCm * 2.54) : unit == 2 ? dpi : null)));
            ifd = U32(b, (int)ifd + 2 + (entries * 12), little);
        }

        return frames;
    }

    private static List<ImageFrame> WebP(ReadOnlySpan<byte> b)
    {
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(4, 4)) + 8L;
        if (declared > b.Length)
        {
            throw new DocumentRejectedException(DocumentRejections.ImageTruncated);
        }

        var chunk = Encoding.ASCII.GetString(b.Slice(12, 4));
        var data = b[20..];
        return chunk switch
        {
            "VP8 " => [new ImageFrame(BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(6, 2)) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(8, 2)) & 0x3FFF, null)],
            "VP8L" => [new ImageFrame((int)(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(1, 4)) & 0x3FFF) + 1, (int)((BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(1, 4)) >> 14) & 0x3FFF) + 1, null)],
            "VP8X" => [new ImageFrame(U24(data, 4) + 1, U24(data, 7) + 1, null)],
            _ => throw new DocumentRejectedException(DocumentRejections.ImageDamaged("its WebP chunk is unknown")),
        };
    }

    /// <summary>A stated resolution outside what scanners and cameras write (many files say 1 or 72 by default) is no information.</summary>
    private static int? Plausible(int? dpi) => dpi is >= 100 and <= 1200 ? dpi : null;

    /// <summary>A TIFF RATIONAL (numerator / denominator at the entry's offset), rounded.</summary>
    private static int? Rational(ReadOnlySpan<byte> b, int entry, bool little)
    {
        var at = (int)U32(b, entry + 8, little);
        var denominator = U32(b, at + 4, little);
        return denominator == 0 ? null : (int)Math.Round((double)U32(b, at, little) / denominator);
    }

    private static int U24(ReadOnlySpan<byte> b, int at) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(at, 2)) : BinaryPrimitives.ReadUInt16BigEndian(b.Slice(at, 2));

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(at, 4)) : BinaryPrimitives.ReadUInt32BigEndian(b.Slice(at, 4));

    /// <summary>Value <paramref name="index"/> of a TIFF entry of type SHORT (3) or LONG (4), inline or at its offset.</summary>
    private static uint Value(ReadOnlySpan<byte> b, int entry, bool little, int index)
    {
        var type = U16(b, entry + 2, little);
        var count = U32(b, entry + 4, little);
        var size = type == 3 ? 2 : 4;
        var at = count * size <= 4 ? entry + 8 : (int)U32(b, entry + 8, little);
        return type == 3 ? U16(b, at + (index * 2), little) : U32(b, at + (index * 4), little);
    }

    private static uint[] Values(ReadOnlySpan<byte> b, int entry, bool little)
    {
        var count = U32(b, entry + 4, little);
        if (count > 1_000_000)
        {
            throw new DocumentRejectedException(DocumentRejections.ImageDamaged("a frame lists too many strips"));
        }

        var values = new uint[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Value(b, entry, little, i);
        }

        return values;
    }
}
