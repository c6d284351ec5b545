using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Retrieval;

/// <summary>Whether a model's declared languages cover a text (ISO 639-1 codes; the only script told apart here is CJK).</summary>
public static class LanguageCoverage
{
    public const string English = "en";

    public const string Chinese = "zh";

    /// <summary>
    /// A text with Chinese ideographs needs a model that declares Chinese (English models read it as single, mostly
    /// unknown characters); any other text is taken as covered by any model.
    /// </summary>
    public static bool Covers(IReadOnlyList<string> declared, string text)
    {
        ArgumentNullException.ThrowIfNull(declared);
        return !CjkText.ContainsIdeographs(text) || declared.Contains(Chinese, StringComparer.OrdinalIgnoreCase);
    }
}
