using System.Text;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Text gathered from markup (runs of a Word paragraph, HTML text nodes, spreadsheet cells) made into running text:
/// whitespace collapsed to single spaces and line breaks joined as <see cref="JoinLines"/> joins them, so that a break
/// inside Chinese text does not turn into a space the author never wrote (Chinese and Japanese put no spaces between
/// words, so joining their lines or sentences with a space would insert characters the author never wrote).
/// </summary>
internal static class RunningText
{
    public static string Normalize(string raw)
    {
        if (raw.Length == 0)
        {
            return raw;
        }

        var lines = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        return JoinLines(lines.Select(CollapseSpaces));
    }

    private static string CollapseSpaces(string line)
    {
        var text = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    public static bool StartsWithCjk(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done && CjkText.IsCjk(rune);

    public static bool EndsWithCjk(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeLastFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done && CjkText.IsCjk(rune);

    /// <summary>The separator to put between two pieces of running text: nothing where either side is CJK, else one space.</summary>
    public static string Separator(ReadOnlySpan<char> before, ReadOnlySpan<char> after) =>
        EndsWithCjk(before) || StartsWithCjk(after) ? string.Empty : " ";

    /// <summary>Joins the lines of one paragraph into running text, trimming each and skipping blank ones.</summary>
    public static string JoinLines(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        ReadOnlySpan<char> previous = default;
        foreach (var raw in lines)
        {
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(Separator(previous, line));
            }

            text.Append(line);
            previous = line;
        }

        return text.ToString();
    }
}
