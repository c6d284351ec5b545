namespace KnowledgeHub.Orchestration;

/// <summary>Answer text with the citations its [n] markers point to.</summary>
/// <param name="Found">False when the text says the documents do not answer the question.</param>
/// <param name="Grounded">True when every sentence left in the text is supported by the passage it cites.</param>
/// <param name="Sentences">The verification of each sentence, dropped ones included; null before verification.</param>
/// <param name="Related">Near passages that do not answer, when <paramref name="Found"/> is false.</param>
public sealed record GroundedText(
    string Text,
    IReadOnlyList<Citation> Citations,
    bool Found,
    bool Grounded = false,
    IReadOnlyList<SentenceSupport>? Sentences = null,
    IReadOnlyList<RelatedPassage>? Related = null);
