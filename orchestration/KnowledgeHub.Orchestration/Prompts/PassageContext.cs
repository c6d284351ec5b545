namespace KnowledgeHub.Orchestration.Prompts;

/// <summary>
/// Section text shown around a numbered passage so the decoder reads a small matched chunk in its setting.
/// Either side may be empty; the passage itself stays what citations and verification refer to.
/// </summary>
/// <param name="Before">Text of the section that precedes the passage.</param>
/// <param name="After">Text of the section that follows the passage.</param>
public sealed record PassageContext(string Before, string After)
{
    public static PassageContext None { get; } = new(string.Empty, string.Empty);

    public bool IsEmpty => string.IsNullOrWhiteSpace(Before) && string.IsNullOrWhiteSpace(After);
}
