using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Bench;

/// <param name="Mode">How the measured passages are retrieved; answers always retrieve as <c>AnswerService</c> does (hybrid).</param>
/// <param name="RetrievalOnly">Skip answering: only the retrieval numbers, in seconds instead of minutes.</param>
public sealed record QaEvalSettings(SearchMode Mode = SearchMode.Hybrid, bool RetrievalOnly = false);
