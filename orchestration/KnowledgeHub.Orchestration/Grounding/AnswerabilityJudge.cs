using KnowledgeHub.Retrieval;
using KnowledgeHub.Orchestration.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>
/// Decides whether the retrieved evidence answers the question, not merely whether something was retrieved (retrieval
/// always returns its nearest passages, about anything). Two signals, combined as
/// <see cref="AnswerOptions.AnswerabilitySimilarityWeight"/> says:
/// <list type="bullet">
/// <item>term coverage: the share of the question's content terms (<see cref="QuestionTerms"/>: names and numbers weigh
/// most, question-framing words not at all) that the best passage holds, exactly, stemmed, or as a word sharing a long
/// prefix ("inductive"/"induction"); a passage's heading path and file name count as its text, since a reader sees them;</item>
/// <item>similarity: how close the best passage sentence comes to the question by meaning, on the encoder's calibrated
/// scale (<see cref="EncoderCalibration.QuestionRelevance"/>), so a question in other words still counts.</item>
/// </list>
/// less <see cref="AnswerOptions.AbsentTermPenalty"/> when a question word appears nowhere in the collection.
/// The weights and <see cref="AnswerOptions.MinAnswerability"/> were calibrated on constructed unanswerable questions
/// (`eval-answerability`, docs/benchmarks.md).
/// </summary>
internal static class AnswerabilityJudge
{
    // A shared prefix this long (and most of the shorter word) counts as the same word: the light stemmer leaves
    // "inductive"/"induction" or "replicate"/"replication" apart.
    private const int MinSharedPrefix = 5;
    private const double SharedPrefixShare = 0.75;

    /// <summary>
    /// <see cref="Judge"/>, then the collection is asked about each question word the passages lack
    /// (<paramref name="inCollection"/>, a keyword search): a word it never mentions ("Australia" over EU capitals, a
    /// withheld paper's gene name) costs <see cref="AnswerOptions.AbsentTermPenalty"/>, since the documents cannot
    /// answer about what they never name.
    /// </summary>
    public static async Task<AnswerabilityReport> JudgeAsync(
        string question,
        Evidence evidence,
        AnswerOptions settings,
        Func<string, CancellationToken, Task<bool>> inCollection,
        CancellationToken cancellationToken)
    {
        var report = Judge(question, evidence, settings);
        var absent = new List<string>();
        foreach (var word in report.MissingTerms)
        {
            if (!await inCollection(word, cancellationToken))
            {
                absent.Add(word);
            }
        }

        return absent.Count == 0
            ? report
            : report with { Score = Math.Round(Math.Max(report.Score - settings.AbsentTermPenalty, 0), 4), AbsentTerms = absent };
    }

    /// <summary>Answerability from the passages alone, without asking the collection about missing words.</summary>
    public static AnswerabilityReport Judge(string question, Evidence evidence, AnswerOptions settings)
    {
        if (evidence.Passages.Count == 0)
        {
            return AnswerabilityReport.Nothing;
        }

        var terms = QuestionTerms.Of(question);
        var passageTerms = evidence.Passages.Select(hit => PassageTerms(hit.Chunk)).ToList();

        // A question without a content word ("And what do they do?") names nothing a passage could be checked against:
        // it covers nothing, and only meaning can carry it.
        var coverage = terms.Count == 0 ? 0.0 : passageTerms.Max(set => Coverage(terms, set));
        var missing = terms
            .Where(t => !passageTerms.Exists(set => Covers(set, t.Term)))
            .OrderByDescending(t => t.Salience)
            .Select(t => t.Written)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var similarity = Similarity(question, evidence);
        var score = similarity is double s
            ? (settings.AnswerabilitySimilarityWeight * s) + ((1 - settings.AnswerabilitySimilarityWeight) * coverage)
            : coverage;
        return new AnswerabilityReport(Math.Round(score, 4), Math.Round(coverage, 4), similarity is double r ? Math.Round(r, 4) : null, missing, []);
    }

    // The whole chunk text counts, headings and fragments too: they are not quoted, but a passage that names the
    // question's words anywhere is about them.
    private static HashSet<string> PassageTerms(IndexedChunk chunk)
    {
        var terms = new HashSet<string>(TermAnalyzer.Analyze(chunk.Text), StringComparer.Ordinal);
        terms.UnionWith(TermAnalyzer.Analyze(Path.GetFileNameWithoutExtension(chunk.FileName)));
        if (chunk.HeadingPath is not null)
        {
            terms.UnionWith(TermAnalyzer.Analyze(chunk.HeadingPath));
        }

        return terms;
    }

    private static double Coverage(IReadOnlyList<QuestionTerm> terms, HashSet<string> passage)
    {
        double total = 0, covered = 0;
        foreach (var term in terms)
        {
            total += term.Salience;
            covered += Covers(passage, term.Term) ? term.Salience : 0;
        }

        return total == 0 ? 1.0 : covered / total;
    }

    private static bool Covers(HashSet<string> passage, string term)
    {
        if (passage.Contains(term))
        {
            return true;
        }

        if (term.Length < MinSharedPrefix || CjkText.IsCjkLetter(term[0]))
        {
            return false;
        }

        foreach (var word in passage)
        {
            var shorter = Math.Min(word.Length, term.Length);
            if (shorter < MinSharedPrefix)
            {
                continue;
            }

            var shared = 0;
            while (shared < shorter && word[shared] == term[shared])
            {
                shared++;
            }

            if (shared >= MinSharedPrefix && shared >= shorter * SharedPrefixShare)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The best passage sentence's calibrated closeness to the question, or the best passage's when sentences were not embedded.</summary>
    private static double? Similarity(string question, Evidence evidence)
    {
        if (evidence.Calibration?.For(question) is not { } calibration)
        {
            return null;
        }

        double? best = null;
        foreach (var sentence in evidence.AllSentences)
        {
            if (evidence.QuestionSimilarity(sentence.Text) is double cosine && (best is null || cosine > best))
            {
                best = cosine;
            }
        }

        if (best is null)
        {
            for (var number = 1; number <= evidence.Passages.Count; number++)
            {
                if (evidence.QuestionSimilarityToPassage(number) is double cosine && (best is null || cosine > best))
                {
                    best = cosine;
                }
            }
        }

        return best is double b ? calibration.QuestionRelevance(b) : null;
    }
}
