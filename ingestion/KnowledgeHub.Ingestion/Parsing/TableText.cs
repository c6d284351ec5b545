namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The text of a <see cref="BlockKind.Table"/> block: one line per row, cells joined by " | ", the header row first.
/// The chunker relies on this shape: it cuts large tables between lines and repeats the first line in every part.
/// </summary>
internal static class TableText
{
    public const string CellSeparator = " | ";

    /// <summary>A cell's text on one line, so that it cannot split its row.</summary>
    public static string Cell(string raw) => RunningText.Normalize(raw);

    /// <summary>The row's line, or null when every cell is empty (spacer rows carry nothing worth a line).</summary>
    public static string? Row(IReadOnlyList<string> cells) =>
        cells.Any(c => c.Length > 0) ? string.Join(CellSeparator, cells) : null;

    /// <summary>The block text, or null when no row has content.</summary>
    public static string? Table(IEnumerable<string?> rows)
    {
        var lines = rows.OfType<string>().ToList();
        return lines.Count == 0 ? null : string.Join('\n', lines);
    }
}
