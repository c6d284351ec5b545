using System.Text;

namespace KnowledgeHub.Retrieval.Analysis;

/// <summary>Detects Han ideographs, which decide whether text goes through the Chinese word segmenter.</summary>
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
}
