using System.Globalization;

namespace KnowledgeHub.Bench;

/// <summary>What `eval-answerability` reports per set, with the product's settings.</summary>
public sealed record AnswerabilitySummary(
    string Set,
    int Documents,
    int Answerable,
    int Unanswerable,
    double AnswerableFound,
    double AnswerableInQuote,
    double UnanswerableNotFound,
    double SentencesInsideCitedChunks,
    double CitationsInFirstUseOrder,
    double AskP50Ms,
    double AskP95Ms)
{
    public static AnswerabilitySummary Of(string set, int documents, IReadOnlyList<AnswerabilityRow> rows, IReadOnlyList<double> latencies)
    {
        var answerable = rows.Where(r => r.Answerable).ToList();
        var unanswerable = rows.Where(r => !r.Answerable).ToList();
        var sorted = latencies.Order().ToList();
        return new AnswerabilitySummary(
            set,
            documents,
            answerable.Count,
            unanswerable.Count,
            Share(answerable.Count(r => r.Found), answerable.Count),
            Share(answerable.Count(r => r.Found && r.InQuote), answerable.Count),
            Share(unanswerable.Count(r => !r.Found), unanswerable.Count),
            Share(rows.Count(r => r.InsideChunks), rows.Count),
            Share(rows.Count(r => r.InOrder), rows.Count),
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.95));
    }

    public string ToLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Set}: documents={Documents} answerable={Answerable} unanswerable={Unanswerable} answerable_found={AnswerableFound:F4} " +
        $"answerable_gold_in_cited_quote={AnswerableInQuote:F4} unanswerable_not_found={UnanswerableNotFound:F4} " +
        $"sentences_inside_cited_chunks={SentencesInsideCitedChunks:F4} citations_first_use_order={CitationsInFirstUseOrder:F4} " +
        $"ask_p50_ms={AskP50Ms:F1} ask_p95_ms={AskP95Ms:F1}");

    private static double Share(int count, int total) => total == 0 ? 0 : Math.Round(count / (double)total, 4);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);
}
