namespace KnowledgeHub.Orchestration;

/// <summary>Fixed answer texts shared by the extractive path, the prompt and the checks on a decoder's output.</summary>
public static class AnswerTexts
{
    /// <summary>What an answer says when the documents do not contain the answer.</summary>
    public const string NotFound = "I could not find an answer to this in the documents.";

    public static GroundedText NotFoundAnswer { get; } = new(NotFound, [], Found: false);
}
