using System.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Text;

/// <summary>
/// Turns text into the terms answer sentences are matched on: lower-cased words without punctuation or
/// English stop words, lightly stemmed; runs of CJK characters become overlapping character bigrams
/// (a lone character stays a unigram). Deliberately simple: it only has to rank a handful of sentences.
/// </summary>
public static class TermAnalyzer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "during",
        "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "me", "more", "most", "my", "no", "nor", "not", "of",
        "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "please", "same", "she", "should", "so",
        "some", "such", "tell", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    };

    // Function characters and question words whose bigrams say nothing about the topic.
    private static readonly HashSet<char> ChineseParticles = ['的', '了', '吗', '呢', '吧', '啊', '么', '是', '在', '和', '与', '及', '或', '也', '就', '都', '而', '这', '那', '哪', '什', '怎', '请', '问', '我', '你', '他', '她', '它', '们'];

    public static IReadOnlyList<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        var word = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (CjkText.IsCjkLetter(c))
            {
                FlushWord(word, terms);
                var runStart = i;
                while (i < text.Length && CjkText.IsCjkLetter(text[i]))
                {
                    i++;
                }

                AddBigrams(text.AsSpan(runStart, i - runStart), terms);
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’' && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                // "model's" -> "model": drop the clitic with the apostrophe.
                FlushWord(word, terms);
                while (i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    i++;
                }
            }
            else
            {
                FlushWord(word, terms);
            }

            i++;
        }

        FlushWord(word, terms);
        return terms;
    }

    private static void AddBigrams(ReadOnlySpan<char> run, List<string> terms)
    {
        if (run.Length == 1)
        {
            if (!ChineseParticles.Contains(run[0]))
            {
                terms.Add(run.ToString());
            }

            return;
        }

        for (var i = 0; i + 1 < run.Length; i++)
        {
            if (!ChineseParticles.Contains(run[i]) && !ChineseParticles.Contains(run[i + 1]))
            {
                terms.Add(run.Slice(i, 2).ToString());
            }
        }
    }

    private static void FlushWord(StringBuilder word, List<string> terms)
    {
        if (word.Length == 0)
        {
            return;
        }

        var token = word.ToString();
        word.Clear();
        if (!StopWords.Contains(token))
        {
            terms.Add(Stem(token));
        }
    }

    /// <summary>
    /// A light suffix stripper: enough that "models"/"model", "trained"/"training"/"train" and "stores"/"stored"/"storing"
    /// meet. A final silent 'e' is dropped too, so "make" and "making" agree.
    /// </summary>
    private static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
        {
            return word;
        }

        var stem = word;
        if (stem.EndsWith("ies", StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = stem[..^3] + "y";
        }
        else if (stem.EndsWith("sses", StringComparison.Ordinal) || stem.EndsWith("ches", StringComparison.Ordinal) || stem.EndsWith("shes", StringComparison.Ordinal) || stem.EndsWith("xes", StringComparison.Ordinal))
        {
            stem = stem[..^2];
        }
        else if (stem.EndsWith("ing", StringComparison.Ordinal) && stem.Length > 5)
        {
            stem = Undouble(stem[..^3]);
        }
        else if (stem.EndsWith("ed", StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = Undouble(stem[..^2]);
        }
        else if (stem[^1] == 's' && stem[^2] is not ('s' or 'u' or 'i'))
        {
            stem = stem[..^1];
        }

        return stem.Length > 3 && stem[^1] == 'e' ? stem[..^1] : stem;
    }

    private static string Undouble(string stem) =>
        stem.Length > 2 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') ? stem[..^1] : stem;
}
