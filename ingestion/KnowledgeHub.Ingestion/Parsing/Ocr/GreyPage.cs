using System.Globalization;
using System.Text;

namespace KnowledgeHub.Ingestion.Parsing.Ocr;

/// <summary>
/// An 8-bit grey page image, as the renderer writes it (binary PGM) or as an uploaded image decodes
/// (<see cref="ImageDecoder"/>): what is straightened before Tesseract reads it.
/// </summary>
internal sealed class GreyPage(int width, int height, byte[] pixels)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>Row-major, one byte per pixel, 0 black and 255 white.</summary>
    public byte[] Pixels { get; } = pixels;

    public byte this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>Luma (ITU-R BT.601 weights) of a colour pixel laid over white by its alpha, so a transparent background reads as paper.</summary>
    public static byte Luma(byte r, byte g, byte b, byte a)
    {
        var luma = ((299 * r) + (587 * g) + (114 * b) + 500) / 1000;
        return (byte)(((luma * a) + (255 * (255 - a)) + 127) / 255);
    }

    /// <summary>Reads a binary PGM with a maximum value of 255; null for anything else.</summary>
    public static GreyPage? TryReadPgm(string path)
    {
        try
        {
            return ReadPgm(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static GreyPage ReadPgm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = 0;
        string Token()
        {
            while (at < bytes.Length && (char.IsWhiteSpace((char)bytes[at]) || bytes[at] == '#'))
            {
                if (bytes[at] == '#')
                {
                    while (at < bytes.Length && bytes[at] != '\n')
                    {
                        at++;
                    }
                }
                else
                {
                    at++;
                }
            }

            var start = at;
            while (at < bytes.Length && !char.IsWhiteSpace((char)bytes[at]))
            {
                at++;
            }

            return Encoding.ASCII.GetString(bytes, start, at - start);
        }

        if (Token() != "P5")
        {
            throw new InvalidDataException("The rendered page is not a binary PGM.");
        }

        var width = int.Parse(Token(), CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), CultureInfo.InvariantCulture);
        if (Token() != "255" || width <= 0 || height <= 0 || bytes.Length - at - 1 < (long)width * height)
        {
            throw new InvalidDataException("The rendered page is not an 8-bit PGM of the size its header gives.");
        }

        at++;
        return new GreyPage(width, height, bytes[at..(at + (width * height))]);
    }

    public void WritePgm(string path)
    {
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{Width} {Height}\n255\n")));
        file.Write(Pixels);
    }
}
