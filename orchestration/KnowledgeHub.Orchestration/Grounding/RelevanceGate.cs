using KnowledgeHub.Orchestration.Text;

namespace KnowledgeHub.Orchestration.Grounding;

/// <param name="Similarity">Cosine between the question and the best passage; null without embeddings.</param>
/// <param name="BySimilarity">The best passage reaches the encoder's <see cref="EncoderCalibration.MinQuestionSimilarity"/>.</param>
/// <param name="ByKeywords">Some passage sentence holds <see cref="AnswerOptions.MinSentenceRelevance"/> of the question's weighted terms.</param>
internal sealed record Relevance(double? Similarity, bool BySimilarity, bool ByKeywords)
{
    public bool IsRelevant => BySimilarity || ByKeywords;
}

/// <summary>
/// Decides whether the retrieved passages can answer the question at all. Either signal is enough: keywords alone
/// miss a question asked in another language or in other words than the document uses; embeddings alone are
/// unavailable for an uncalibrated encoder. Retrieval always returns something, so without this gate every
/// off-topic question would be "answered".
/// </summary>
internal static class RelevanceGate
{
    public static Relevance Check(string question, Evidence evidence, AnswerOptions settings)
    {
        double? similarity = null;
        for (var number = 1; number <= evidence.Passages.Count; number++)
        {
            if (evidence.QuestionSimilarityToPassage(number) is double cosine && (similarity is null || cosine > similarity))
            {
                similarity = cosine;
            }
        }

        var bySimilarity = similarity is double best && evidence.Calibration is { } calibration && best >= calibration.MinQuestionSimilarity;
        var query = TermAnalyzer.Analyze(question).ToHashSet(StringComparer.Ordinal);
        var sentences = evidence.AllSentences.ToList();
        var weights = new TermWeights(sentences.Select(s => s.Terms));
        var byKeywords = query.Count > 0 && sentences.Exists(s => weights.Coverage(query, s.Terms) >= settings.MinSentenceRelevance);
        return new Relevance(similarity, bySimilarity, byKeywords);
    }
}
