using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>The best-supporting sentence of one passage for a claim, and how well it supports it (0..1).</summary>
internal readonly record struct PassageSupport(int Number, double Score, PassageSentence? Sentence);

/// <summary>
/// Scores how well passage sentences support an answer sentence: the share of the claim's content terms the passage
/// sentence contains, mixed with the calibrated cosine of their embeddings. Keywords catch changed facts (a number,
/// a name) that embeddings blur; embeddings catch paraphrase and other languages that keywords miss.
/// </summary>
internal sealed class SupportScorer(Evidence evidence, double keywordWeight)
{
    public PassageSupport Best(string claim, int number)
    {
        var terms = TermAnalyzer.Analyze(claim).ToHashSet(StringComparer.Ordinal);
        var byMeaning = evidence.Calibration?.For(claim);
        var best = new PassageSupport(number, 0, null);
        foreach (var sentence in evidence.Sentences[number - 1])
        {
            var score = Score(claim, terms, sentence, byMeaning);
            if (best.Sentence is null || score > best.Score)
            {
                best = new PassageSupport(number, score, sentence);
            }
        }

        return best;
    }

    private double Score(string claim, HashSet<string> terms, PassageSentence sentence, EncoderCalibration? byMeaning)
    {
        var keyword = terms.Count == 0 ? 0 : terms.Count(sentence.Terms.Contains) / (double)terms.Count;
        if (byMeaning is not { } calibration || evidence.Similarity(claim, sentence.Text) is not double cosine)
        {
            return keyword;
        }

        return (keywordWeight * keyword) + ((1 - keywordWeight) * calibration.SentenceSupport(cosine));
    }
}
