using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Bench;

/// <summary>
/// The text tests of <see cref="EvalQaCommand"/>, kept apart from the product's own analyzers so that the evaluation
/// does not grade the product with its own ruler.
/// </summary>
public static partial class AnswerMatching
{
    // Function words only: what is left of a sentence is what it claims.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "et", "al", "few", "for", "from", "further", "had", "has", "have", "having",
        "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself",
        "may", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or",
        "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "thus", "to", "too",
        "under", "until", "up", "upon", "very", "via", "was", "we", "were", "what", "when", "where", "which", "while",
        "who", "whom", "why", "will", "with", "within", "without", "would", "you", "your",
    };

    /// <summary>Lower case with every run of white space made one space, trimmed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary><see cref="Normalize"/>, then punctuation stripped from both ends (gold spans often end in ". " or start with "(").</summary>
    public static string NormalizeGold(string answer)
    {
        var text = Normalize(answer);
        var start = 0;
        var end = text.Length;
        while (start < end && IsEdgeJunk(text[start]))
        {
            start++;
        }

        while (end > start && IsEdgeJunk(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>True when any gold answer, normalised, occurs in the already normalised text. Empty golds never match.</summary>
    public static bool ContainsAny(string normalizedText, IEnumerable<string> normalizedGolds) =>
        normalizedGolds.Any(g => g.Length > 0 && normalizedText.Contains(g, StringComparison.Ordinal));

    /// <summary>Answer text without its [n] markers, so a gold span across two quoted sentences can still match.</summary>
    public static string WithoutMarkers(string answer) => CitationMarker().Replace(answer, string.Empty);

    /// <summary>Lower-cased letter/digit runs that are not function words.</summary>
    public static IReadOnlyList<string> ContentWords(string text) =>
        [.. Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => !StopWords.Contains(w)).Distinct(StringComparer.Ordinal)];

    /// <summary>True when the quote holds at least half of the sentence's content words (and the sentence has any).</summary>
    public static bool QuoteCoversSentence(string quote, string sentence)
    {
        var wanted = ContentWords(sentence);
        if (wanted.Count == 0)
        {
            return false;
        }

        var present = ContentWords(quote).ToHashSet(StringComparer.Ordinal);
        return 2 * wanted.Count(present.Contains) >= wanted.Count;
    }

    private static bool IsEdgeJunk(char c) => char.IsPunctuation(c) || char.IsWhiteSpace(c);

    [GeneratedRegex(@"\s*\[\d+(?:\s*,\s*\d+)*\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex Word();
}
