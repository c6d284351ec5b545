namespace KnowledgeHub.Retrieval.Text;

/// <summary>
/// Splits text into sentences as spans of the original string, so a sentence can be quoted with exact offsets.
/// Ends: '.', '!', '?' followed by white space (and not an abbreviation or initial), the Chinese full-width
/// '。', '！', '？', '；', and blank lines.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "cf", "al", "fig", "figs", "eq", "eqs", "vol", "pp", "dr", "mr", "mrs", "ms", "prof", "st", "approx", "ref", "refs",
    };

    public static IReadOnlyList<TextSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<TextSpan>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int end;
            if (c is '。' or '！' or '？' or '；' or '!' or '?')
            {
                end = AfterClosers(text, i + 1);
            }
            else if (c == '.' && EndsSentence(text, start, i))
            {
                end = AfterClosers(text, i + 1);
            }
            else if (c == '\n' && IsBlankLineAfter(text, i))
            {
                end = i;
            }
            else
            {
                continue;
            }

            if (c is '!' or '?' && end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                continue;
            }

            Add(spans, text, start, end);
            start = end;
            i = Math.Max(i, end - 1);
        }

        Add(spans, text, start, text.Length);
        return spans;
    }

    private static bool EndsSentence(string text, int sentenceStart, int dot)
    {
        var next = dot + 1;
        if (next < text.Length && !char.IsWhiteSpace(text[next]) && text[next] is not ('"' or '\'' or ')' or '”' or '’'))
        {
            return false; // 3.5, example.com, e.g.
        }

        var wordStart = dot;
        while (wordStart > sentenceStart && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false; // an initial: "J. Smith"
        }

        if (Abbreviations.Contains(word))
        {
            return false;
        }

        // A lower-case continuation means the dot did not end the sentence.
        var after = next;
        while (after < text.Length && char.IsWhiteSpace(text[after]) && text[after] != '\n')
        {
            after++;
        }

        return after >= text.Length || !char.IsLower(text[after]);
    }

    private static int AfterClosers(string text, int index)
    {
        while (index < text.Length && text[index] is '"' or '\'' or ')' or ']' or '”' or '’' or '」' or '』' or '）')
        {
            index++;
        }

        return index;
    }

    private static bool IsBlankLineAfter(string text, int newline)
    {
        for (var i = newline + 1; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
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

        for (var i = start; i < end; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                spans.Add(new TextSpan(start, end));
                return;
            }
        }
    }
}
