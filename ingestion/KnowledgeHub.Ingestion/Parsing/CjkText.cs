using System.Text;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Chinese and Japanese text is written without spaces between words, so joining its lines or sentences with a
/// space (as English needs) would insert characters the author never wrote.
/// </summary>
internal static class CjkText
{
    public static bool IsCjk(Rune rune)
    {
        var v = rune.Value;
        return v is >= 0x3000 and <= 0x303F // CJK symbols and punctuation (、。「」)
            or >= 0x3040 and <= 0x30FF // kana
            or >= 0x3400 and <= 0x4DBF // extension A
            or >= 0x4E00 and <= 0x9FFF // unified ideographs
            or >= 0xF900 and <= 0xFAFF // compatibility ideographs
            or >= 0xFF00 and <= 0xFF65 // full-width forms (，！？：；)
            or >= 0x20000 and <= 0x3FFFF; // extensions B and later
    }

    public static bool IsCjk(char c) => !char.IsSurrogate(c) && IsCjk(new Rune(c));

    public static bool StartsWithCjk(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done && IsCjk(rune);

    public static bool EndsWithCjk(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeLastFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done && IsCjk(rune);

    /// <summary>The separator to put between two pieces of running text: nothing where either side is CJK, else one space.</summary>
    public static string Separator(ReadOnlySpan<char> before, ReadOnlySpan<char> after) =>
        EndsWithCjk(before) || StartsWithCjk(after) ? string.Empty : " ";

    /// <summary>Joins the lines of one paragraph into running text, trimming each and skipping blank ones.</summary>
    public static string JoinLines(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        ReadOnlySpan<char> previous = default;
        foreach (var raw in lines)
        {
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(Separator(previous, line));
            }

            text.Append(line);
            previous = line;
        }

        return text.ToString();
    }
}
