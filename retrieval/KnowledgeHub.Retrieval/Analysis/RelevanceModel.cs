namespace KnowledgeHub.Retrieval.Analysis;

/// <summary>
/// RM3 pseudo-relevance feedback (Lavrenko and Croft 2001; Anserini's defaults): the top-ranked texts are
/// assumed relevant, their term distribution weighted by retrieval score becomes a relevance model, and its
/// strongest terms are interpolated with the original query. It helps when relevant documents use words the
/// query does not.
/// </summary>
public sealed record RelevanceModel(int FeedbackTerms = 10, double OriginalQueryWeight = 0.5)
{
    /// <summary>
    /// Analysed query terms with weights summing to 1: OriginalQueryWeight x P(term | query) +
    /// (1 - OriginalQueryWeight) x P(term | relevance model), the model keeping its FeedbackTerms best terms.
    /// </summary>
    /// <param name="feedback">The top texts and their (positive) retrieval scores, best first.</param>
    public IReadOnlyDictionary<string, float> Expand(string query, IReadOnlyList<(string Text, double Score)> feedback)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(feedback);
        var weights = Normalise(Distribution(TextAnalyzers.Analyze(query)), OriginalQueryWeight);
        var model = new Dictionary<string, double>(StringComparer.Ordinal);
        var totalScore = feedback.Sum(f => Math.Max(f.Score, 0));
        foreach (var (text, score) in feedback)
        {
            var docWeight = totalScore > 0 ? Math.Max(score, 0) / totalScore : 1.0 / feedback.Count;

            // Single characters and bare numbers are noise in a relevance model (Anserini drops them too).
            var terms = TextAnalyzers.Analyze(text).Where(t => t.Length > 1 && !t.All(char.IsAsciiDigit)).ToList();
            foreach (var (term, p) in Distribution(terms))
            {
                model[term] = model.GetValueOrDefault(term) + (docWeight * p);
            }
        }

        var best = model
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(FeedbackTerms)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (term, weight) in Normalise(best, 1 - OriginalQueryWeight))
        {
            weights[term] = weights.GetValueOrDefault(term) + weight;
        }

        return weights.ToDictionary(p => p.Key, p => (float)p.Value, StringComparer.Ordinal);
    }

    private static Dictionary<string, double> Distribution(IReadOnlyList<string> terms)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        return counts.ToDictionary(p => p.Key, p => p.Value / terms.Count, StringComparer.Ordinal);
    }

    private static Dictionary<string, double> Normalise(Dictionary<string, double> weights, double total)
    {
        var sum = weights.Values.Sum();
        return weights.ToDictionary(p => p.Key, p => sum > 0 ? total * p.Value / sum : 0.0, StringComparer.Ordinal);
    }
}
