using System.Text;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Turns the bytes of a text file into a string without being told its encoding: a byte-order mark wins; otherwise
/// UTF-8 when the bytes are valid UTF-8, and GB18030 (a superset of GBK/GB2312) when they are not, because legacy
/// Chinese files are the non-UTF-8 text this platform expects to receive.
/// </summary>
internal static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new DecodedText(Encoding.UTF8.GetString(bytes[3..]), "UTF-8");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new DecodedText(Encoding.UTF32.GetString(bytes[4..]), "UTF-32LE");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new DecodedText(Encoding.Unicode.GetString(bytes[2..]), "UTF-16LE");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new DecodedText(Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16BE");
        }

        try
        {
            return new DecodedText(StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return new DecodedText(Gb18030.Value.GetString(bytes), "GB18030");
        }
    }
}

internal readonly record struct DecodedText(string Text, string EncodingName);
