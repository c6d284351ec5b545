using System.Globalization;
using System.Text;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>Turns the lines PdfPig reads into running text: hyphenated line breaks joined, ligatures expanded,
/// icon glyphs from private-use fonts dropped, whitespace collapsed.</summary>
internal static class PdfTextCleanup
{
    public static string JoinLines(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        var previous = string.Empty;
        var previousHyphenated = false;
        foreach (var raw in lines)
        {
            var line = Clean(raw);
            if (line.Length == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                if (previousHyphenated && char.IsLower(line[0]))
                {
                    // "adip-" + "iscing": a word broken across lines. The soft hyphen was already dropped by Clean.
                    if (text[^1] is '-' or '\u2010')
                    {
                        text.Length--;
                    }
                }
                else
                {
                    text.Append(RunningText.Separator(previous, line));
                }
            }

            text.Append(line);
            previous = line;
            previousHyphenated = EndsWithWordHyphen(raw);
        }

        return text.ToString();
    }

    public static string Clean(string raw)
    {
        var text = new StringBuilder(raw.Length);
        var pendingSpace = false;
        foreach (var rune in raw.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || category == UnicodeCategory.Control)
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (category is UnicodeCategory.PrivateUse or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            var ligature = Ligature(rune.Value);
            if (ligature is null)
            {
                text.Append(rune.ToString());
            }
            else
            {
                text.Append(ligature);
            }
        }

        var cleaned = text.ToString();
        return cleaned.Contains('\u0338', StringComparison.Ordinal) || cleaned.Contains('↦', StringComparison.Ordinal) ? ComposeTexSymbols(cleaned) : cleaned;
    }

    /// <summary>
    /// TeX sets ≠ as a slash glyph over "=", and ↦ as a bar glyph before "→"; read glyph by glyph they come out as
    /// "\u0338=" and "↦→". The slash is Unicode's combining long solidus, which composes after its base, not before.
    /// </summary>
    private static string ComposeTexSymbols(string text)
    {
        text = text.Replace("↦ →", "↦", StringComparison.Ordinal).Replace("↦→", "↦", StringComparison.Ordinal);
        var composed = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\u0338')
            {
                composed.Append(text[i]);
                continue;
            }

            var next = i + 1 < text.Length && text[i + 1] == ' ' ? i + 2 : i + 1;
            if (next < text.Length && !char.IsSurrogate(text[next]))
            {
                var negated = new string([text[next], '\u0338']).Normalize(NormalizationForm.FormC);
                composed.Append(negated);
                i = next;
            }
        }

        return composed.ToString();
    }

    private static bool EndsWithWordHyphen(string raw)
    {
        var line = raw.AsSpan().TrimEnd();
        return line.Length >= 2 && line[^1] is '-' or '\u2010' or '\u00AD' && char.IsLetter(line[^2]);
    }

    private static string? Ligature(int codePoint) => codePoint switch
    {
        0xFB00 => "ff",
        0xFB01 => "fi",
        0xFB02 => "fl",
        0xFB03 => "ffi",
        0xFB04 => "ffl",
        0xFB05 or 0xFB06 => "st",
        _ => null,
    };
}
