using System.Text;
using KnowledgeHub.Orchestration.Citations;
using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>A [n] marker group at a position of the marker-free answer text.</summary>
internal sealed record MarkerAt(int Position, IReadOnlyList<int> Numbers);

/// <summary>One sentence of an answer: its span in the marker-free text and the markers that belong to it.</summary>
internal sealed record AnswerSentence(TextSpan Span, string Text, IReadOnlyList<MarkerAt> Markers)
{
    public IReadOnlyList<int> Cited => [.. Markers.SelectMany(m => m.Numbers).Distinct()];
}

/// <summary>
/// An answer split into sentences with their citation markers, and rendered back after verification. A marker
/// belongs to the last sentence that starts before it, so both "Paris is large [1]." and "Paris is large. [1]" cite
/// the same sentence.
/// </summary>
internal sealed class AnswerSentences
{
    private static readonly char[] Terminals = ['.', '!', '?', ';', ':', '。', '！', '？', '；', '：'];

    private AnswerSentences(string clean, IReadOnlyList<AnswerSentence> sentences)
    {
        Clean = clean;
        Sentences = sentences;
    }

    public string Clean { get; }

    public IReadOnlyList<AnswerSentence> Sentences { get; }

    /// <param name="text">Answer text with [n] markers naming passages 1..<paramref name="passageCount"/>.</param>
    /// <param name="passageCount">
    /// Bracketed numbers outside 1..passageCount are text, not markers: quoted passages carry their own reference
    /// numbers ("as reported [47, 50]") and must come back word for word.
    /// </param>
    public static AnswerSentences Parse(string text, int passageCount)
    {
        var found = CitationMarkers.Find(text).Where(m => m.Numbers.All(n => n >= 1 && n <= passageCount));
        var clean = new StringBuilder();
        var markers = new List<MarkerAt>();
        var previous = 0;
        foreach (var (index, length, numbers) in found)
        {
            clean.Append(text, previous, index - previous);
            markers.Add(new MarkerAt(clean.Length, numbers));
            previous = index + length;
        }

        clean.Append(text, previous, text.Length - previous);
        var cleanText = clean.ToString();
        var spans = SplitAtMarkers(SentenceSplitter.Split(cleanText), cleanText, markers);
        var owned = spans.Select(_ => new List<MarkerAt>()).ToList();
        foreach (var marker in markers)
        {
            var owner = 0;
            for (var s = 0; s < spans.Count && spans[s].Start < marker.Position; s++)
            {
                owner = s;
            }

            if (owned.Count > 0)
            {
                owned[owner].Add(marker);
            }
        }

        return new AnswerSentences(cleanText, [.. spans.Select((span, i) => new AnswerSentence(span, span.Of(cleanText), owned[i]))]);
    }

    /// <summary>
    /// Writes the kept sentences with their (possibly corrected) citations, separated as they were. Unchanged
    /// citations stay where the decoder put them; changed ones go where the first old marker was, or before the
    /// sentence's closing punctuation.
    /// </summary>
    public string Render(IReadOnlyList<(int Index, IReadOnlyList<int> Citations)> kept)
    {
        var text = new StringBuilder();
        foreach (var (index, citations) in kept)
        {
            var sentence = Sentences[index];
            if (text.Length > 0)
            {
                var gapStart = index > 0 ? Sentences[index - 1].Span.End : sentence.Span.Start;
                var gap = Clean[gapStart..sentence.Span.Start];
                text.Append(gap.Length > 0 ? gap : " ");
            }

            var inserts = sentence.Cited.SequenceEqual(citations)
                ? sentence.Markers.Select(m => (m.Position, m.Numbers)).ToList()
                : citations.Count == 0 ? [] : [(sentence.Markers.Count > 0 ? sentence.Markers[0].Position : BeforeClosing(sentence), citations)];
            var cursor = sentence.Span.Start;
            foreach (var (position, numbers) in inserts)
            {
                var at = Math.Clamp(position, cursor, sentence.Span.End);
                text.Append(Clean, cursor, at - cursor).Append(' ');
                foreach (var number in numbers)
                {
                    text.Append('[').Append(number).Append(']');
                }

                cursor = at;
            }

            text.Append(Clean, cursor, sentence.Span.End - cursor);
        }

        return text.ToString();
    }

    /// <summary>
    /// A marker followed by the start of a new sentence ends the sentence before it, even without a full stop: quoted
    /// passage text need not end in punctuation ("... opens at 9 am. long [4] Recent studies ..."), and without this the
    /// two quotes would be read, and cited, as one sentence.
    /// </summary>
    private static List<TextSpan> SplitAtMarkers(IReadOnlyList<TextSpan> spans, string text, List<MarkerAt> markers)
    {
        var result = new List<TextSpan>(spans.Count);
        foreach (var span in spans)
        {
            var start = span.Start;
            foreach (var marker in markers)
            {
                if (marker.Position > start && marker.Position < span.End && StartsSentence(text, marker.Position, span.End))
                {
                    AddNonEmpty(result, Trimmed(text, start, marker.Position));
                    start = marker.Position;
                }
            }

            AddNonEmpty(result, Trimmed(text, start, span.End));
        }

        return result;
    }

    private static void AddNonEmpty(List<TextSpan> spans, TextSpan span)
    {
        if (span.Length > 0)
        {
            spans.Add(span);
        }
    }

    private static bool StartsSentence(string text, int position, int end)
    {
        var i = position;
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i > position && i < end && (char.IsUpper(text[i]) || CjkText.IsCjkLetter(text[i]) || text[i] is '"' or '“' or '「');
    }

    private static TextSpan Trimmed(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new TextSpan(start, end);
    }

    private static int BeforeClosing(AnswerSentence sentence)
    {
        var end = sentence.Span.End;
        while (end > sentence.Span.Start && Array.IndexOf(Terminals, sentence.Text[end - 1 - sentence.Span.Start]) >= 0)
        {
            end--;
        }

        return end;
    }
}
