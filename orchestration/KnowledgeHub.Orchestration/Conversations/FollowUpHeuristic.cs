using System.Text;
using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Conversations;

/// <summary>
/// Rewrites a follow-up into a standalone question without a model. A follow-up depends on the previous question when
/// it opens with a connector ("and", "what about"), points back with a pronoun ("its side effects"), or is too short to
/// name a topic ("side effects?"); anything else is taken to stand alone and is returned unchanged. A dependent
/// follow-up that swaps a prepositional phrase ("and for children?") replaces the previous question's phrase after the
/// same preposition ("what is the dose for adults?" becomes "what is the dose for children?"); otherwise the previous
/// question's content words that the follow-up lacks are merged in, in place of the pronoun when there is one.
/// </summary>
internal static class FollowUpHeuristic
{
    private const int MaxShortWords = 2;
    private const int MaxSubstitutedWords = 3;

    // Longest first: "and what about" must win over "and".
    private static readonly string[] Connectors =
        ["and what about", "and how about", "what about", "how about", "and also", "and", "but", "also", "or", "then", "so"];

    private static readonly HashSet<string> Prepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "for", "in", "with", "without", "of", "on", "at", "during", "after", "before", "to", "from", "among", "under", "over", "by", "about", "between", "against", "within", "versus",
    };

    // "that" and "there" are left out on purpose: they are mostly relative or existential ("is there a vaccine").
    private static readonly HashSet<string> Anaphora = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "this", "these", "those", "he", "him", "his", "she", "her", "hers", "former", "latter", "same",
    };

    private static readonly HashSet<string> Possessives = new(StringComparer.OrdinalIgnoreCase) { "its", "their", "his", "her" };

    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "will", "would",
    };

    private static readonly string[] ChineseOpeners = ["那么", "那", "还有", "而", "另外", "那如果"];

    private static readonly string[] ChineseAnaphora = ["它", "其", "这个", "那个", "他们", "她们", "它们", "该"];

    public static string Rewrite(string previousQuery, string question)
    {
        var previous = previousQuery.Trim();
        var current = question.Trim();
        if (previous.Length == 0 || current.Length == 0)
        {
            return current;
        }

        return CjkText.IsMostlyCjk(current) ? RewriteChinese(previous, current) : RewriteWords(previous, current);
    }

    private static string RewriteChinese(string previous, string current)
    {
        var cjk = current.Count(CjkText.IsCjkLetter);
        var dependent = ChineseOpeners.Any(o => current.StartsWith(o, StringComparison.Ordinal))
            || ChineseAnaphora.Any(a => current.Contains(a, StringComparison.Ordinal))
            || cjk <= 6;
        return dependent ? $"{TrimEnd(previous)}，{current}" : current;
    }

    private static string RewriteWords(string previous, string current)
    {
        var (rest, hadConnector) = StripConnector(current);
        var words = Words(rest);
        if (words.Count == 0)
        {
            return current;
        }

        var terms = TermAnalyzer.Analyze(rest).ToHashSet(StringComparer.Ordinal);
        var anaphor = words.FirstOrDefault(Anaphora.Contains);
        var opensWithQuestionWord = QuestionWords.Contains(words[0]);
        var dependent = hadConnector || anaphor is not null || terms.Count == 0 || (words.Count <= MaxShortWords && !opensWithQuestionWord);
        if (!dependent)
        {
            return current;
        }

        if (Prepositions.Contains(words[0]) && words.Count > 1 && ReplacePhrase(previous, words[0], TrimEnd(rest)[words[0].Length..].Trim()) is { } replaced)
        {
            return replaced;
        }

        var missing = ContentWords(previous).Where(w => TermAnalyzer.Analyze(w).Any(t => !terms.Contains(t))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count == 0)
        {
            return current;
        }

        var core = TrimEnd(rest);
        if (anaphor is not null && missing.Count <= MaxSubstitutedWords)
        {
            var topic = string.Join(' ', missing);
            return ReplaceWord(core, anaphor, Possessives.Contains(anaphor) ? topic + "'s" : topic) + QuestionMark(current);
        }

        return $"{core} ({string.Join(' ', missing)}){QuestionMark(current)}";
    }

    /// <summary>"what is the dose for adults?" + ("for", "children") = "what is the dose for children?"; null when the previous question has no such phrase.</summary>
    private static string? ReplacePhrase(string previous, string preposition, string focus)
    {
        var body = TrimEnd(previous);
        var at = LastWordIndex(body, preposition);
        if (at < 0 || focus.Length == 0)
        {
            return null;
        }

        // The phrase runs to the end of its clause; whatever follows a comma is kept.
        var clauseEnd = body.IndexOfAny([',', ';'], at);
        var tail = clauseEnd < 0 ? string.Empty : body[clauseEnd..];
        return $"{body[..at]}{preposition} {focus}{tail}{QuestionMark(previous)}";
    }

    private static (string Remainder, bool HadConnector) StripConnector(string question)
    {
        foreach (var connector in Connectors)
        {
            if (question.Length > connector.Length
                && question.StartsWith(connector, StringComparison.OrdinalIgnoreCase)
                && !char.IsLetterOrDigit(question[connector.Length]))
            {
                return (question[connector.Length..].TrimStart(' ', ',', '.', ':', ';', '-'), true);
            }
        }

        return (question, false);
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || (c is '\'' or '-' && word.Length > 0))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString().TrimEnd('\'', '-'));
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString().TrimEnd('\'', '-'));
        }

        return words;
    }

    private static IEnumerable<string> ContentWords(string text) =>
        Words(text).Where(w => !QuestionWords.Contains(w) && TermAnalyzer.Analyze(w).Count > 0);

    private static int LastWordIndex(string text, string word)
    {
        var at = text.Length;
        while (at > 0)
        {
            at = text.LastIndexOf(word, at - 1, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
            }

            var startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var endsWord = at + word.Length == text.Length || !char.IsLetterOrDigit(text[at + word.Length]);
            if (startsWord && endsWord)
            {
                return at;
            }
        }

        return -1;
    }

    private static string ReplaceWord(string text, string word, string replacement)
    {
        var at = FirstWordIndex(text, word);
        return at < 0 ? text : text[..at] + replacement + text[(at + word.Length)..];
    }

    private static int FirstWordIndex(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var endsWord = at + word.Length == text.Length || !char.IsLetterOrDigit(text[at + word.Length]);
            if (startsWord && endsWord)
            {
                return at;
            }
        }

        return -1;
    }

    private static string TrimEnd(string text) => text.TrimEnd(' ', '?', '？', '.', '。', '!', '！');

    private static string QuestionMark(string text) => text.TrimEnd().EndsWith('？') ? "？" : "?";
}
