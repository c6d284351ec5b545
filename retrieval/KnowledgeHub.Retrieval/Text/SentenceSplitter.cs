namespace KnowledgeHub.Retrieval.Text;

/// <summary>
/// Splits text into sentences as spans of the original string, so a sentence can be quoted with exact offsets.
/// Ends: '.', '!', '?' followed by white space (and not an abbreviation or initial), the Chinese full-width
/// '。', '！', '？', '；', blank lines, and line breaks before a header field ("DOI: ...") or a URL line.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "cf", "al", "fig", "figs", "eq", "eqs", "vol", "pp", "dr", "mr", "mrs", "ms", "prof", "st", "approx", "ref", "refs",
    };

    // Longest "Label" of a "Label: value" line that starts a sentence ("Corresponding author" fits).
    private const int MaxLabelLength = 24;

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
            else if (c == '\n' && (IsBlankLineAfter(text, i) || StartsFieldLine(text, i + 1)))
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

    /// <summary>
    /// A line that opens with a URL or a short capitalised label and a colon ("Authors: ...", "DOI: ...", "Subject: ...")
    /// is a field of a header block, not the continuation of a hard-wrapped sentence, so it starts a sentence of its own.
    /// Without this, a document's title, address and author lines read as one long "sentence" that names every topic.
    /// </summary>
    private static bool StartsFieldLine(string text, int lineStart)
    {
        var i = lineStart;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        var rest = text.AsSpan(i);
        if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (rest.Length == 0 || !char.IsUpper(rest[0]))
        {
            return false;
        }

        for (var j = 1; j < Math.Min(rest.Length, MaxLabelLength + 1); j++)
        {
            if (rest[j] == ':')
            {
                return j + 1 < rest.Length && char.IsWhiteSpace(rest[j + 1]);
            }

            if (!char.IsLetter(rest[j]) && rest[j] is not (' ' or '-'))
            {
                return false;
            }
        }

        return false;
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
