namespace KnowledgeHub.Orchestration.Grounding;

/// <summary>Whether the retrieved passages answer the question, and why (see <see cref="AnswerabilityJudge"/>).</summary>
/// <param name="Score">0..1; the answer is found when it reaches <see cref="AnswerOptions.MinAnswerability"/>.</param>
/// <param name="TermCoverage">Salience-weighted share of the question's content terms that the best passage holds, 0..1.</param>
/// <param name="Similarity">
/// How close the best passage sentence comes to the question by meaning, 0..1 on the encoder's calibrated scale; null
/// when answers are judged by keywords only (no calibrated encoder, or a mostly-CJK question for an English encoder).
/// </param>
/// <param name="MissingTerms">The question's words (as written) that no retrieved passage contains, most salient first.</param>
/// <param name="AbsentTerms">Those of <paramref name="MissingTerms"/> that the whole collection never mentions.</param>
public sealed record AnswerabilityReport(double Score, double TermCoverage, double? Similarity, IReadOnlyList<string> MissingTerms, IReadOnlyList<string> AbsentTerms)
{
    /// <summary>Nothing was retrieved.</summary>
    public static AnswerabilityReport Nothing { get; } = new(0, 0, null, [], []);
}
