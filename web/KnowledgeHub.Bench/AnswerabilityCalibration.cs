using System.Globalization;
using System.Text;

namespace KnowledgeHub.Bench;

/// <summary>One answerability setting and what it does to every set.</summary>
public sealed record CalibrationPoint(
    double SimilarityWeight, double AbsentPenalty, double Threshold, IReadOnlyDictionary<string, (double AnswerableFound, double UnanswerableNotFound)> Sets)
{
    public double WorstNotFound => Sets.Values.Min(s => s.UnanswerableNotFound);
}

/// <summary>
/// Fits <c>AnswerabilitySimilarityWeight</c>, <c>AbsentTermPenalty</c> and <c>MinAnswerability</c> on `eval-answerability`
/// rows: for each weight (0, 0.1, .., 1) and penalty, the highest threshold at which every set still finds
/// <c>minFound</c> of its answerable questions, and the not-found rate it gives each set's unanswerable ones. One setting
/// for all sets: no per-set tuning.
/// </summary>
public sealed record AnswerabilityCalibration(IReadOnlyList<CalibrationPoint> Points, CalibrationPoint? Best)
{
    private static readonly double[] Penalties = [0, 0.1, 0.2, 0.25, 0.3, 0.5];

    public static AnswerabilityCalibration Fit(IReadOnlyList<AnswerabilityRun> runs, double minFound)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var points = new List<CalibrationPoint>();
        foreach (var penalty in Penalties)
        {
            for (var w = 0; w <= 10; w++)
            {
                var weight = w / 10.0;
                CalibrationPoint? best = null;
                for (var t = 0; t <= 100; t++)
                {
                    var point = Evaluate(runs, weight, penalty, t / 100.0);
                    if (point.Sets.Values.All(s => s.AnswerableFound >= minFound))
                    {
                        best = point;
                    }
                }

                if (best is not null)
                {
                    points.Add(best);
                }
            }
        }

        return new AnswerabilityCalibration(points, points.Count == 0 ? null : points.MaxBy(p => p.WorstNotFound));
    }

    /// <summary>
    /// Found / not-found rates when answerability is weight × similarity + (1 − weight) × coverage, less the penalty when a
    /// question word is absent from the collection, against the threshold.
    /// </summary>
    public static CalibrationPoint Evaluate(IReadOnlyList<AnswerabilityRun> runs, double weight, double penalty, double threshold)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var sets = runs.ToDictionary(
            r => r.Summary.Set,
            r =>
            {
                var answerable = r.Rows.Where(x => x.Answerable).ToList();
                var unanswerable = r.Rows.Where(x => !x.Answerable).ToList();
                return (
                    Share(answerable.Count(x => Score(x, weight, penalty) >= threshold), answerable.Count),
                    Share(unanswerable.Count(x => Score(x, weight, penalty) < threshold), unanswerable.Count));
            });
        return new CalibrationPoint(weight, penalty, threshold, sets);
    }

    public string ToText(double currentWeight, double currentPenalty, double currentThreshold)
    {
        var text = new StringBuilder();
        text.AppendLine("calibration (answerable found >= 0.90 in every set), the best threshold per weight and penalty:");
        foreach (var point in Points.OrderByDescending(p => p.WorstNotFound).Take(12))
        {
            text.AppendLine(Row(point));
        }

        text.AppendLine(Best is null
            ? "no setting keeps 0.90 of the answerable questions found in every set"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"best: KnowledgeHub:Answer:AnswerabilitySimilarityWeight={Best.SimilarityWeight:F1} KnowledgeHub:Answer:AbsentTermPenalty={Best.AbsentPenalty:F2} KnowledgeHub:Answer:MinAnswerability={Best.Threshold:F2}"));
        text.Append(string.Create(CultureInfo.InvariantCulture, $"current: weight {currentWeight:F2}, penalty {currentPenalty:F2}, threshold {currentThreshold:F2}"));
        return text.ToString();
    }

    private static string Row(CalibrationPoint point) => string.Create(
        CultureInfo.InvariantCulture,
        $"  weight {point.SimilarityWeight:F1} penalty {point.AbsentPenalty:F2} threshold {point.Threshold:F2}: {string.Join(" ", point.Sets.Select(s => $"{s.Key}: found {s.Value.AnswerableFound:F3} / not-found {s.Value.UnanswerableNotFound:F3}"))}");

    private static double Score(AnswerabilityRow row, double weight, double penalty) =>
        (row.Similarity is double s ? (weight * s) + ((1 - weight) * row.TermCoverage) : row.TermCoverage) - (row.AbsentTerms > 0 ? penalty : 0);

    private static double Share(int count, int total) => total == 0 ? 0 : count / (double)total;
}
