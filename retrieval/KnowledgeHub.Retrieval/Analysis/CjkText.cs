using System.Text;

namespace KnowledgeHub.Retrieval.Analysis;

/// <summary>
/// The one script classifier: Han ideographs, which decide whether text goes through the Chinese word segmenter; CJK
/// text in general, which is written without spaces between words or after its sentence ends (<see cref="IsCjk(Rune)"/>,
/// punctuation included); CJK letters, the characters a term is cut from (<see cref="IsCjkLetter"/>, Hangul included,
/// punctuation not); and whether a text is mostly CJK.
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

    /// <summary>Ideographs, kana and Hangul: characters that make terms one or two at a time, as the term analyzer cuts them.</summary>
    public static bool IsCjkLetter(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF');

    /// <summary>
    /// True when CJK letters carry most of the text. A CJK character is about a word, so it is weighed against two
    /// letters of other scripts: "Transformer 的原始架构由编码器组成" is Chinese with an English term.
    /// </summary>
    public static bool IsMostlyCjk(string text)
    {
        var cjk = 0;
        var letters = 0;
        foreach (var c in text)
        {
            if (IsCjkLetter(c))
            {
                cjk++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }

        return cjk > 0 && cjk * 2 >= letters;
    }
}
