using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>
/// Rule-based sentence boundaries for English and Chinese. English: . ! ? (with closing quotes or brackets) before
/// whitespace, unless the word before the period is a known abbreviation or an initial, or the next word starts in
/// lower case. Chinese: 。！？； end a sentence wherever they stand. A line break always ends one, since the parsers
/// keep line breaks only where lines are separate units (code, table rows).
/// </summary>
internal static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "fig", "figs", "eq", "eqs", "al", "cf", "approx",
        "vol", "vols", "pp", "ch", "sec", "ref", "refs", "dept", "ltd", "corp", "viz", "resp", "ca", "tab", "eds",
    };

    // Ordinary words too ("no", "p"), so abbreviations only when a number follows: "No. 5", "p. 12".
    private static readonly HashSet<string> NumberAbbreviations = new(StringComparer.OrdinalIgnoreCase) { "no", "nos", "p" };

    public static List<(string Text, string SeparatorAfter)> Split(string text)
    {
        var sentences = new List<(string, string)>();
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

            var next = end;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            var gap = text.AsSpan(end, next - end);
            var separator = gap.Contains('\n') ? "\n" : gap.IsEmpty ? string.Empty : " ";
            Add(sentences, text[start..end], separator);
            start = next;
            i = next;
        }

        Add(sentences, text[start..], string.Empty);
        return sentences;
    }

    private static void Add(List<(string, string)> sentences, string sentence, string separator)
    {
        var trimmed = sentence.Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add((trimmed, separator));
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
