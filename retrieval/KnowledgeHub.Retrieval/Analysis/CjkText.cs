using System.Text;

namespace KnowledgeHub.Retrieval.Analysis;

/// <summary>
/// Detects Han ideographs, which decide whether text goes through the Chinese word segmenter, and CJK text in
/// general, which is written without spaces between words or after its sentence ends.
/// </summary>
public static class CjkText
{
    public static bool ContainsIdeographs(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsIdeograph(rune))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsIdeograph(Rune rune)
    {
        var v = rune.Value;
        return v is (>= 0x4E00 and <= 0x9FFF)   // CJK Unified Ideographs
            or (>= 0x3400 and <= 0x4DBF)        // Extension A
            or (>= 0xF900 and <= 0xFAFF)        // Compatibility Ideographs
            or (>= 0x20000 and <= 0x3134F);     // Extensions B..G (supplementary planes)
    }

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
}
