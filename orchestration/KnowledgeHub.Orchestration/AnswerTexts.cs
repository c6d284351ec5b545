using KnowledgeHub.Orchestration.Grounding;

namespace KnowledgeHub.Orchestration;

/// <summary>Fixed answer texts shared by the extractive path, the prompt and the checks on a decoder's output.</summary>
public static class AnswerTexts
{
    /// <summary>What an answer says when the documents do not contain the answer.</summary>
    public const string NotFound = "I could not find an answer to this in the documents.";

    // Most missing words named: a long list reads as noise.
    private const int MaxNamedTerms = 3;

    public static GroundedText NotFoundAnswer { get; } = new(NotFound, [], Found: false);

    /// <summary>
    /// "Not found", and what the reader can do with it: which documents came closest and which of the question's words
    /// they never mention ("... in eu-capitals.csv, do not mention Australia."). Fixed sentences around file names and the
    /// question's own words, so no passage text can steer it.
    /// </summary>
    public static string NotAnswered(AnswerabilityReport report, IReadOnlyList<RelatedPassage> related)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(related);
        if (related.Count == 0)
        {
            return NotFound;
        }

        var files = Join([.. related.Select(r => r.FileName).Distinct(StringComparer.Ordinal)], "and");
        if (report.AbsentTerms.Count > 0)
        {
            return $"{NotFound} They do not mention {Join([.. report.AbsentTerms.Take(MaxNamedTerms)], "or")}; the closest passages, in {files}, are listed as related.";
        }

        var one = related.Count == 1;
        var passages = one ? "The closest passage" : "The closest passages";
        var missing = report.MissingTerms.Take(MaxNamedTerms).ToList();
        return missing.Count > 0
            ? $"{NotFound} {passages}, in {files}, {(one ? "does" : "do")} not mention {Join(missing, "or")}."
            : $"{NotFound} {passages}, in {files}, {(one ? "is" : "are")} listed as related but {(one ? "does" : "do")} not answer it.";
    }

    private static string Join(List<string> items, string conjunction) => items.Count switch
    {
        1 => items[0],
        2 => $"{items[0]} {conjunction} {items[1]}",
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} {conjunction} {items[^1]}",
    };
}
