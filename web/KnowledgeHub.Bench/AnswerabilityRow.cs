namespace KnowledgeHub.Bench;

/// <summary>One question of an `eval-answerability` run: what the product answered and the signals it judged by.</summary>
/// <param name="InQuote">COVID-QA: the gold answer stands in a cited quote; SciFact: a relevant document is cited.</param>
/// <param name="InsideChunks">Every kept sentence stands inside a chunk it cites.</param>
/// <param name="InOrder">Citation numbers first appear in increasing order.</param>
public sealed record AnswerabilityRow(
    string Set,
    string Id,
    string Question,
    bool Answerable,
    bool Found,
    bool InQuote,
    bool InsideChunks,
    bool InOrder,
    double Score,
    double TermCoverage,
    double? Similarity,
    int AbsentTerms,
    IReadOnlyList<string> Golds,
    string Answer);

/// <summary>The rows of one set and their summary.</summary>
public sealed record AnswerabilityRun(AnswerabilitySummary Summary, IReadOnlyList<AnswerabilityRow> Rows);
