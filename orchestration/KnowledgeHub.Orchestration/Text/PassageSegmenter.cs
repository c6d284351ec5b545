using System.Text.RegularExpressions;
using KnowledgeHub.Retrieval.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Text;

/// <summary>A piece of chunk text and what it is; rows carry the span of their table's header row.</summary>
internal readonly record struct PassageSegment(TextSpan Span, SentenceKind Kind, TextSpan? Header = null);

/// <summary>
/// Splits one chunk's text into sentences by the shared <see cref="SentenceSplitter"/> rules and tells what each is,
/// relying on the layout the chunker writes: heading lines first, each ended by a line break; table rows one per line
/// with cells joined by " | ", the header row first (repeated in every part of a table cut across chunks).
/// </summary>
internal static partial class PassageSegmenter
{
    private const string CellSeparator = " | ";
    private const string HeadingPathSeparator = " > ";

    // A heading is a short line; anything longer is a sentence that merely lacks its period.
    private const int MaxHeadingWords = 15;
    private const int MaxHeadingLength = 120;

    // Fewer words than this (with two letters or more each) and fewer CJK characters than that say nothing quotable.
    private const int MinWords = 2;
    private const int MinCjkCharacters = 4;

    public static IReadOnlyList<PassageSegment> Segment(string text, string? headingPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var headings = HeadingSegments(headingPath);
        var segments = new List<PassageSegment>();
        var atStart = true;
        TextSpan? header = null;
        foreach (var line in Lines(text))
        {
            var lineText = line.Of(text);
            if (IsTableRow(lineText))
            {
                atStart = false;
                if (header is null)
                {
                    header = line;
                    segments.Add(new PassageSegment(line, SentenceKind.TableHeader));
                }
                else
                {
                    segments.Add(new PassageSegment(line, SentenceKind.TableRow, header));
                }

                continue;
            }

            header = null;
            var sentences = SentenceSplitter.Split(lineText);
            if (atStart && sentences.Count == 1 && IsHeading(lineText, headings, endsWithLineBreak: text.IndexOf('\n', line.End) >= 0))
            {
                segments.Add(new PassageSegment(line, SentenceKind.Heading));
                continue;
            }

            atStart = false;
            foreach (var sentence in sentences)
            {
                var span = new TextSpan(line.Start + sentence.Start, line.Start + sentence.End);
                var fragment = IsFragment(span.Of(text)) || IsWrappedPiece(span.Of(text), text, span.Start, line.End);
                segments.Add(new PassageSegment(span, fragment ? SentenceKind.Fragment : SentenceKind.Sentence));
            }
        }

        return segments;
    }

    /// <summary>The non-blank lines of the text, trimmed; sentences never cross them.</summary>
    private static IEnumerable<TextSpan> Lines(string text)
    {
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var (s, e) = (start, end);
            while (s < e && char.IsWhiteSpace(text[s]))
            {
                s++;
            }

            while (e > s && char.IsWhiteSpace(text[e - 1]))
            {
                e--;
            }

            if (e > s)
            {
                yield return new TextSpan(s, e);
            }

            start = end + 1;
        }
    }

    private static HashSet<string> HeadingSegments(string? headingPath) =>
        headingPath is null
            ? []
            : new HashSet<string>(headingPath.Split(HeadingPathSeparator, StringSplitOptions.None).Select(Normalize).Where(s => s.Length > 0), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A line that names a section of the chunk's heading path, or one short enough to be a title and not ended like a
    /// sentence. Only lines before any text count: the chunker puts headings first and starts a new chunk at each one.
    /// </summary>
    private static bool IsHeading(string line, HashSet<string> headings, bool endsWithLineBreak)
    {
        if (headings.Contains(Normalize(line)))
        {
            return true;
        }

        // A caption ("Table 1: EU Countries Information") is short and unpunctuated too, but it says what the table
        // or figure holds: it is evidence, and the chunker writes it as a paragraph, not a heading.
        if (Caption().IsMatch(line))
        {
            return false;
        }

        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return endsWithLineBreak && words <= MaxHeadingWords && line.Length <= MaxHeadingLength && !EndsLikeSentence(line);
    }

    // Lines are trimmed, so a row whose first or last cell is empty starts or ends with a bare bar.
    private static bool IsTableRow(string line) =>
        line.Contains(CellSeparator, StringComparison.Ordinal) || line.StartsWith("| ", StringComparison.Ordinal) || line.EndsWith(" |", StringComparison.Ordinal);

    private static bool EndsLikeSentence(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is '"' or '\'' or ')' or ']' or '”' or '’' or '」' or '』' or '）')
        {
            end--;
        }

        return end > 0 && line[end - 1] is '.' or '!' or '?' or ';' or ':' or '。' or '！' or '？' or '；' or '：' or '…';
    }

    /// <summary>
    /// A piece of hard-wrapped running text, which a line break cut out of its sentence: it does not end like a sentence
    /// and it opens in lower case, ends on a comma, or runs on into a next line that opens in lower case ("incidence rates
    /// per 1,000 persons per age group (panel A), death"); or it is the tail, opening in lower case after a line that
    /// did not end a sentence. Quoted alone it would read as a broken sentence.
    /// </summary>
    private static bool IsWrappedPiece(string sentence, string text, int start, int lineEnd)
    {
        if (EndsLikeSentence(sentence))
        {
            // The tail of a wrapped sentence: opens in lower case right after a line the sentence ran on from.
            var previous = start - 1;
            while (previous >= 0 && char.IsWhiteSpace(text[previous]))
            {
                previous--;
            }

            return char.IsLower(sentence[0]) && previous >= 0 && text.IndexOf('\n', previous, start - previous) >= 0
                && !EndsLikeSentence(text[..(previous + 1)]);
        }

        if (char.IsLower(sentence[0]) || sentence.EndsWith(','))
        {
            return true;
        }

        var next = lineEnd;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        return next < text.Length && next > lineEnd && text.IndexOf('\n', lineEnd, next - lineEnd) >= 0 && char.IsLower(text[next]);
    }

    /// <summary>
    /// A sentence with fewer than two words of two letters or more (and under four CJK characters), or, when not ended
    /// like a sentence, with more numbers than words: "0 10 20 30", "Time (s) 0 5 10 15", "Figure 3".
    /// </summary>
    private static bool IsFragment(string sentence)
    {
        var words = 0;
        var numbers = 0;
        var cjk = 0;
        foreach (var token in sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = 0;
            var digits = 0;
            foreach (var c in token)
            {
                if (CjkText.IsCjkLetter(c))
                {
                    cjk++;
                }
                else if (char.IsLetter(c))
                {
                    letters++;
                }
                else if (char.IsDigit(c))
                {
                    digits++;
                }
            }

            if (letters >= 2)
            {
                words++;
            }
            else if (digits > 0 && letters == 0)
            {
                numbers++;
            }
        }

        if (cjk >= MinCjkCharacters)
        {
            return false;
        }

        return words < MinWords || (!EndsLikeSentence(sentence) && numbers > words);
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"^(table|tab\.|figure|fig\.|chart|exhibit|listing|表|图|圖)\s*[0-9IVX]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Caption();
}
