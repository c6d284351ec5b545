using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace KnowledgeHub.TestSupport;

/// <summary>
/// An 8-bit grey image as pdftoppm writes it (PGM), turned and written as PNG or multi-page TIFF by hand, so the
/// tests make their scans with nothing beyond poppler installed.
/// </summary>
/// <param name="Dpi">The resolution it was rendered at, written into PNG and TIFF files as a scanner would.</param>
public sealed record GreyImage(int Width, int Height, byte[] Pixels, int? Dpi = null)
{
    public static GreyImage ReadPgm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[at]))
            {
                at++;
            }

            var start = at;
            while (!char.IsWhiteSpace((char)bytes[at]))
            {
                at++;
            }

            return Encoding.ASCII.GetString(bytes, start, at - start);
        }

        if (Token() != "P5")
        {
            throw new InvalidDataException("Not a binary PGM.");
        }

        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        _ = Token();
        at++;
        return new GreyImage(width, height, bytes[at..(at + (width * height))]);
    }

    /// <summary>The image turned 90° clockwise, as a page fed sideways into a scanner.</summary>
    public GreyImage RotateClockwise()
    {
        var turned = new byte[Pixels.Length];
        for (var y = 0; y < Width; y++)
        {
            for (var x = 0; x < Height; x++)
            {
                turned[(y * Height) + x] = Pixels[((Height - 1 - x) * Width) + y];
            }
        }

        return new GreyImage(Height, Width, turned, Dpi);
    }

    /// <summary>
    /// The image turned by <paramref name="degrees"/> (clockwise when positive) about its centre on a white page of
    /// the same size, as a sheet fed slightly askew into a scanner; bilinear, so edges stay soft as scans are.
    /// </summary>
    public GreyImage Skew(double degrees)
    {
        var turned = new byte[Pixels.Length];
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var (cx, cy) = ((Width - 1) / 2.0, (Height - 1) / 2.0);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                // Where this output pixel came from: the inverse rotation.
                var sx = (cos * (x - cx)) + (sin * (y - cy)) + cx;
                var sy = (-sin * (x - cx)) + (cos * (y - cy)) + cy;
                var (x0, y0) = ((int)Math.Floor(sx), (int)Math.Floor(sy));
                var (fx, fy) = (sx - x0, sy - y0);
                double At(int px, int py) => px < 0 || py < 0 || px >= Width || py >= Height ? 255 : Pixels[(py * Width) + px];
                var value = (At(x0, y0) * (1 - fx) * (1 - fy)) + (At(x0 + 1, y0) * fx * (1 - fy)) + (At(x0, y0 + 1) * (1 - fx) * fy) + (At(x0 + 1, y0 + 1) * fx * fy);
                turned[(y * Width) + x] = (byte)Math.Clamp(Math.Round(value), 0, 255);
            }
        }

        return this with { Pixels = turned };
    }

    public byte[] ToPng()
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;
        Chunk(output, "IHDR", header);
        if (Dpi is { } dpi)
        {
            var physical = new byte[9];
            var perMetre = (int)Math.Round(dpi / 0.0254);
            BinaryPrimitives.WriteInt32BigEndian(physical, perMetre);
            BinaryPrimitives.WriteInt32BigEndian(physical.AsSpan(4), perMetre);
            physical[8] = 1;
            Chunk(output, "pHYs", physical);
        }

        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(Pixels, y * Width, Width);
            }
        }

        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Uncompressed, little-endian, one strip per frame.</summary>
    public static byte[] ToTiff(IReadOnlyList<GreyImage> frames)
    {
        using var output = new MemoryStream();
        using var w = new BinaryWriter(output);
        w.Write("II"u8);
        w.Write((ushort)42);
        w.Write(0u);
        var previousNext = 4L;
        foreach (var frame in frames)
        {
            var dataAt = output.Position;
            w.Write(frame.Pixels);
            if (output.Position % 2 == 1)
            {
                w.Write((byte)0);
            }

            var resolutionAt = output.Position;
            w.Write((uint)(frame.Dpi ?? 72));
            w.Write(1u);
            var ifdAt = output.Position;
            output.Position = previousNext;
            w.Write((uint)ifdAt);
            output.Position = ifdAt;
            (ushort Tag, ushort Type, uint Value)[] entries =
            [
                (256, 4, (uint)frame.Width), (257, 4, (uint)frame.Height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                (273, 4, (uint)dataAt), (277, 3, 1), (278, 4, (uint)frame.Height), (279, 4, (uint)frame.Pixels.Length),
                (282, 5, (uint)resolutionAt), (283, 5, (uint)resolutionAt), (296, 3, 2),
            ];
            WriteIfd(w, entries);

            previousNext = output.Position;
            w.Write(0u);
        }

        w.Flush();
        return output.ToArray();
    }

    /// <summary>A PNG header that promises <paramref name="width"/> × <paramref name="height"/> pixels and some image data.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            // Rows of white: about 400 MB once decoded, a few hundred KB compressed.
            var row = new byte[width + 1];
            Array.Fill(row, (byte)255);
            row[0] = 0;
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>One TIFF directory's entries, each with a count of one: SHORT values padded, the rest as LONG or an offset.</summary>
    public static void WriteIfd(BinaryWriter w, IReadOnlyList<(ushort Tag, ushort Type, uint Value)> entries)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(entries);
        w.Write((ushort)entries.Count);
        foreach (var (tag, type, value) in entries)
        {
            w.Write(tag);
            w.Write(type);
            w.Write(1u);
            if (type == 3)
            {
                w.Write((ushort)value);
                w.Write((ushort)0);
            }
            else
            {
                w.Write(value);
            }
        }
    }
}
