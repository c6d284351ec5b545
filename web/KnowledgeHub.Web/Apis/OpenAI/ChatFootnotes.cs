using System.Globalization;
using System.Text;
using KnowledgeHub.Orchestration;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>
/// The "Sources:" footer appended to a chat answer, so a chat front end that shows only the text still shows where
/// each [n] marker points: one line per citation number, "[n] file, page p".
/// </summary>
public static class ChatFootnotes
{
    private const string Heading = "\n\nSources:";

    /// <returns>The footer with its leading blank line, or "" when the answer cites nothing.</returns>
    public static string For(IReadOnlyList<Citation> citations)
    {
        ArgumentNullException.ThrowIfNull(citations);
        if (citations.Count == 0)
        {
            return "";
        }

        var footer = new StringBuilder(Heading);
        foreach (var citation in citations.GroupBy(c => c.Number).OrderBy(g => g.Key).Select(g => g.First()))
        {
            footer.Append(CultureInfo.InvariantCulture, $"\n[{citation.Number}] {citation.FileName}");
            if (citation.Page is int page)
            {
                footer.Append(CultureInfo.InvariantCulture, $", page {page}");
            }
        }

        return footer.ToString();
    }

    /// <summary>The answer without the footer <see cref="For"/> appended (chat clients send earlier answers back as history).</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf(Heading, StringComparison.Ordinal);
        return at < 0 ? text : text[..at];
    }
}
