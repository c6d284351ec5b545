namespace KnowledgeHub.Orchestration.Text;

/// <summary>
/// Inverse document frequency of terms over a small set of sentences, so a term that every passage repeats
/// (the document's subject) counts for less than the term that singles out the answer.
/// </summary>
internal sealed class TermWeights
{
    private readonly Dictionary<string, int> documentFrequency = new(StringComparer.Ordinal);
    private readonly int count;

    public TermWeights(IEnumerable<IReadOnlySet<string>> sentences)
    {
        foreach (var terms in sentences)
        {
            count++;
            foreach (var term in terms)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }
    }

    public static TermWeights Uniform { get; } = new([]);

    public double Weight(string term) =>
        count == 0 ? 1.0 : Math.Log(1.0 + ((count + 1.0) / (documentFrequency.GetValueOrDefault(term) + 1.0)));

    /// <summary>The weighted share of the query's terms that the sentence contains, in [0, 1].</summary>
    public double Coverage(IReadOnlySet<string> query, IReadOnlySet<string> sentence)
    {
        double total = 0, matched = 0;
        foreach (var term in query)
        {
            var weight = Weight(term);
            total += weight;
            if (sentence.Contains(term))
            {
                matched += weight;
            }
        }

        return total == 0 ? 0 : matched / total;
    }
}
