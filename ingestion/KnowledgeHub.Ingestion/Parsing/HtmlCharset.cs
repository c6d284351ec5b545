using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The character encoding of an HTML file, as a browser would find it without HTTP headers: a byte-order mark
/// first, then a charset declared in a meta tag near the start; without either, <see cref="TextDecoder"/>'s rule
/// (UTF-8, or GB18030 when the bytes are not valid UTF-8).
/// </summary>
internal static partial class HtmlCharset
{
    // The HTML standard's prescan looks at the first 1024 bytes for the meta declaration.
    private const int PrescanBytes = 1024;

    public static DecodedText Decode(byte[] bytes)
    {
        var hasBom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])
            || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
            || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!hasBom && Declared(bytes) is { } encoding)
        {
            return new DecodedText(encoding.GetString(bytes), encoding.WebName);
        }

        return TextDecoder.Decode(bytes);
    }

    private static Encoding? Declared(byte[] bytes)
    {
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, PrescanBytes));
        var match = MetaCharset().Match(head);
        return match.Success ? ForLabel(match.Groups[1].Value.ToLowerInvariant()) : null;
    }

    /// <summary>Encoding labels mapped as the WHATWG Encoding standard maps them, where it differs from .NET.</summary>
    private static Encoding? ForLabel(string label)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var name = label switch
        {
            "utf8" or "unicode-1-1-utf-8" => "utf-8",

            // A document that declares UTF-16 in ASCII-readable markup cannot actually be UTF-16.
            _ when label.StartsWith("utf-16", StringComparison.Ordinal) => "utf-8",
            "iso-8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "iso8859-1" => "windows-1252",
            "gb2312" or "gbk" or "x-gbk" or "chinese" or "csgb2312" => "GB18030",
            _ => label,
        };

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<meta\b[^>]*?charset\s*=\s*[""']?\s*([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
