using KnowledgeHub.Orchestration;

namespace KnowledgeHub.Bench;

/// <summary>
/// Pairs each citation of an answer with the answer sentence that cites it. The verifier builds citations by walking the
/// kept sentences in order and each sentence's passage numbers in order, quoting a passage sentence once; walking the
/// same way and taking the next unpaired citation of each number reproduces that pairing.
/// </summary>
public static class CitationPairs
{
    /// <returns>Every citation once, with its citing sentence (null when no kept sentence cites its number).</returns>
    public static IReadOnlyList<(Citation Citation, SentenceSupport? Sentence)> Of(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var paired = new SentenceSupport?[answer.Citations.Count];
        var kept = (answer.Sentences ?? []).Where(s => s.Kept).ToList();
        foreach (var sentence in kept)
        {
            foreach (var number in sentence.Citations)
            {
                var next = NextUnpaired(answer.Citations, paired, number);
                if (next >= 0)
                {
                    paired[next] = sentence;
                }
            }
        }

        for (var i = 0; i < paired.Length; i++)
        {
            paired[i] ??= kept.Find(s => s.Citations.Contains(answer.Citations[i].Number));
        }

        return [.. answer.Citations.Select((c, i) => (c, paired[i]))];
    }

    private static int NextUnpaired(IReadOnlyList<Citation> citations, SentenceSupport?[] paired, int number)
    {
        for (var i = 0; i < citations.Count; i++)
        {
            if (citations[i].Number == number && paired[i] is null)
            {
                return i;
            }
        }

        return -1;
    }
}
