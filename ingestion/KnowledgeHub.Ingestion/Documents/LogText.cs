using System.Globalization;
using System.Text;
namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// User-supplied text as it may appear in a log line: controls and bidi formatting (the characters
/// <see cref="FileNames"/> removes from names) written as \uXXXX, so a name with a newline cannot forge a second log
/// record and one with U+202E cannot make a line read differently from what it holds. Backslashes are doubled so the
/// escape is unambiguous.
/// </summary>
public static class LogText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        if (!text.Any(c => c == '\\' || FileNames.IsRemoved(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c == '\\')
            {
                builder.Append(@"\\");
            }
            else if (FileNames.IsRemoved(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
