namespace KnowledgeHub.Bench;

/// <summary>One question that missed at least one of the three containment tests (a line of `eval-qa --failures`).</summary>
/// <param name="GoldDocumentRank">1-based rank of the first retrieved chunk of the gold paper, null when none was retrieved.</param>
/// <param name="TopFiles">The file (context id + ".txt") of each retrieved passage, best first.</param>
public sealed record QaEvalFailure(
    string Id,
    string Question,
    IReadOnlyList<string> Gold,
    string Context,
    bool InSomeChunk,
    int? GoldDocumentRank,
    bool InTop,
    bool InAnswer,
    bool InCited,
    bool Found,
    string Answer,
    IReadOnlyList<string> TopFiles);
