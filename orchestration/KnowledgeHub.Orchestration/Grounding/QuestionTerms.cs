using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>A content term of a question, how it was written, and how much the answer depends on it.</summary>
/// <param name="Term">The analysed term (<see cref="TermAnalyzer"/>), as passages are matched on.</param>
/// <param name="Written">The word as the question wrote it, for telling the reader what the documents lack.</param>
/// <param name="Salience">1 for an ordinary word; more for names, acronyms and numbers, which an answer cannot do without.</param>
internal sealed record QuestionTerm(string Term, string Written, double Salience);

/// <summary>
/// The terms that decide whether a text can answer a question. Words that frame a question ("what is the main
/// purpose of ...", "describe ...") say nothing about its subject and are left out; names, acronyms and numbers
/// weigh most, since a passage about another country, virus or year does not answer.
/// </summary>
internal static class QuestionTerms
{
    private const double NameSalience = 1.5;
    private const double NumberSalience = 2.0;

    // Words that frame questions in any domain, in their analysed form (lower case, lightly stemmed) like passage terms.
    private static readonly HashSet<string> FrameWords = new(
        """
        main mainly primary major key type types kind kinds sort role roles purpose describe described mean means meaning
        define defined definition use used uses using called call name named example examples many much long often different
        important result results show shows shown found find according give given list explain information known consider
        considered specific particular certain way ways reason reasons factor factors aspect aspects detail details happen
        happens anything something someone anyone thing things whose possible likely usually generally say says said
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).SelectMany(TermAnalyzer.Analyze),
        StringComparer.Ordinal);

    public static IReadOnlyList<QuestionTerm> Of(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var terms = new List<QuestionTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var words = question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var w = 0; w < words.Length; w++)
        {
            var written = words[w].Trim(TrimmedPunctuation);
            foreach (var term in TermAnalyzer.Analyze(written))
            {
                if (FrameWords.Contains(term) || !seen.Add(term))
                {
                    continue;
                }

                terms.Add(new QuestionTerm(term, IsCjkTerm(term) ? term : written, Salience(written, w == 0)));
            }
        }

        return terms;
    }

    private static readonly char[] TrimmedPunctuation = ['?', '!', '.', ',', ';', ':', '"', '\'', '(', ')', '[', ']', '“', '”', '‘', '’', '？', '，', '。', '：', '；'];

    private static double Salience(string written, bool first)
    {
        if (written.Any(char.IsDigit))
        {
            return NumberSalience;
        }

        // An acronym ("HIV", "mRNA") anywhere, or a capitalised word that does not merely open the question.
        var upper = written.Count(char.IsUpper);
        var isName = upper >= 2 || (!first && upper == 1 && char.IsUpper(written[0]));
        return isName ? NameSalience : 1.0;
    }

    private static bool IsCjkTerm(string term) => term.Length > 0 && CjkText.IsCjkLetter(term[0]);
}
