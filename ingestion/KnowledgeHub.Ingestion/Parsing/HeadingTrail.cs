namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The headings enclosing the current position of a document walk, for formats with explicit heading levels
/// (h1..h6, Word's Heading 1..6). A new heading replaces the one at its level and closes every deeper one.
/// </summary>
internal sealed class HeadingTrail
{
    public const int MaxLevel = 6;

    private const string PathSeparator = " > ";

    private readonly string?[] headings = new string?[MaxLevel];

    /// <summary>Headings outermost first, joined by " > "; null before the first heading.</summary>
    public string? Path { get; private set; }

    /// <param name="level">1-based; values outside 1..6 are clamped.</param>
    public void Enter(int level, string text)
    {
        var index = Math.Clamp(level, 1, MaxLevel) - 1;
        headings[index] = text;
        Array.Clear(headings, index + 1, MaxLevel - index - 1);
        var parts = headings.Where(h => h is not null).ToArray();
        Path = parts.Length == 0 ? null : string.Join(PathSeparator, parts);
    }
}
