using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Retrieval.Text;

/// <summary>
/// The one sentence segmentation of the platform: the chunker cuts chunks at these boundaries and answers are
/// verified and quoted by them, so a quoted sentence is always a sentence the chunker kept whole. Sentences come
/// back as spans of the original string, trimmed of white space, so they can be quoted with exact offsets.
/// <list type="bullet">
/// <item>English: . ! ? (with closing quotes or brackets) before white space, unless the word before the period is a
/// known abbreviation or an initial, or the next word starts in lower case.</item>
/// <item>Chinese: 。！？； end a sentence wherever they stand; ASCII ! ? (and . between ideographs) do too when
/// Chinese text follows without a space.</item>
/// <item>A line break always ends one: the parsers keep line breaks only where lines are separate units (headings,
/// table rows, code, header fields), and chunk text puts a line break after every heading and paragraph.</item>
/// </list>
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "fig", "figs", "eq", "eqs", "al", "cf", "approx",
        "vol", "vols", "pp", "ch", "sec", "ref", "refs", "dept", "ltd", "corp", "viz", "resp", "ca", "tab", "eds",
    };

    // Ordinary words too ("no", "p"), so abbreviations only when a number follows: "No. 5", "p. 12".
    private static readonly HashSet<string> NumberAbbreviations = new(StringComparer.OrdinalIgnoreCase) { "no", "nos", "p" };

    /// <summary>The sentences that hold at least one letter or digit; a lone bullet or rule says nothing to quote or embed.</summary>
    public static IReadOnlyList<TextSpan> Split(string text) =>
        [.. SplitAll(text).Where(span => HasLetterOrDigit(text, span))];

    /// <summary>Every sentence, punctuation-only ones included: the chunker must not lose any of a document's text.</summary>
    public static IReadOnlyList<TextSpan> SplitAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<TextSpan>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var end = BoundaryEnd(text, i);
            if (end < 0)
            {
                i++;
                continue;
            }

            Add(spans, text, start, end);
            var next = end;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            start = next;
            i = next;
        }

        Add(spans, text, start, text.Length);
        return spans;
    }

    private static bool HasLetterOrDigit(string text, TextSpan span)
    {
        for (var i = span.Start; i < span.End; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<TextSpan> spans, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            spans.Add(new TextSpan(start, end));
        }
    }

    /// <summary>The index just past the sentence that ends at <paramref name="i"/>, or -1 when no sentence ends there.</summary>
    private static int BoundaryEnd(string text, int i)
    {
        var c = text[i];
        if (c == '\n')
        {
            return i;
        }

        var cjk = c is '。' or '！' or '？' or '；' or '｡';
        if (!cjk && c is not ('.' or '!' or '?'))
        {
            return -1;
        }

        var end = i + 1;
        while (end < text.Length && (IsTerminator(text[end]) || IsCloser(text[end])))
        {
            end++;
        }

        if (cjk || end == text.Length)
        {
            return end;
        }

        var after = text[end];
        if (CjkText.IsCjk(after))
        {
            // "升级!阿里云": ASCII punctuation inside Chinese text, with no space after it.
            return i > 0 && (CjkText.IsCjk(text[i - 1]) || c != '.') ? end : -1;
        }

        if (!char.IsWhiteSpace(after))
        {
            return -1; // 3.14, e.g.x, example.com
        }

        var following = end;
        while (following < text.Length && char.IsWhiteSpace(text[following]) && text[following] != '\n')
        {
            following++;
        }

        var nextChar = following < text.Length ? text[following] : ' ';
        if (char.IsLower(nextChar) || (c == '.' && IsAbbreviation(text, i, nextChar)))
        {
            return -1;
        }

        return end;
    }

    private static bool IsAbbreviation(string text, int period, char nextChar)
    {
        var start = period;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        var word = text.AsSpan(start, period - start);
        if (word.IsEmpty)
        {
            return false;
        }

        // Initials ("J. Smith") and dotted abbreviations ("e.g.", "U.S.", "Ph.D.").
        if ((word.Length == 1 && char.IsUpper(word[0])) || word.Contains('.'))
        {
            return true;
        }

        return Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word)
            || (char.IsDigit(nextChar) && NumberAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word));
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '。' or '！' or '？' or '；' or '｡';

    private static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '”' or '’' or '」' or '』' or '】' or '》' or '）' or '〉';
}
