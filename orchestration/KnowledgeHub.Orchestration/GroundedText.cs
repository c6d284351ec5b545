namespace KnowledgeHub.Orchestration;

/// <summary>Answer text with the citations its [n] markers point to.</summary>
/// <param name="Found">False when the text says the documents do not answer the question.</param>
public sealed record GroundedText(string Text, IReadOnlyList<Citation> Citations, bool Found);
