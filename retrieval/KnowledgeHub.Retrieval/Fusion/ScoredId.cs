namespace KnowledgeHub.Retrieval.Fusion;

/// <summary>One candidate in a ranked list: a chunk id and the score its retriever gave it.</summary>
public readonly record struct ScoredId(string Id, double Score);
