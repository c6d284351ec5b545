using System.Text;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Text gathered from markup (runs of a Word paragraph, HTML text nodes, spreadsheet cells) made into running text:
/// whitespace collapsed to single spaces and line breaks joined the way <see cref="CjkText"/> joins lines, so that a
/// break inside Chinese text does not turn into a space the author never wrote.
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
        return CjkText.JoinLines(lines.Select(CollapseSpaces));
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
}
