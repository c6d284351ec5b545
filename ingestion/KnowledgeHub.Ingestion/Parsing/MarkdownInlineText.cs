using System.Text;
using Markdig.Syntax.Inlines;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>The readable text of Markdown inlines: markup dropped, link and image text kept, URLs of bare links kept.</summary>
internal static class MarkdownInlineText
{
    public static string Of(ContainerInline? inlines)
    {
        if (inlines is null)
        {
            return string.Empty;
        }

        var lines = new StringBuilder();
        Append(lines, inlines);
        return RunningText.JoinLines(lines.ToString().Split('\n'));
    }

    private static void Append(StringBuilder text, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                // Soft and hard breaks alike end a source line; CjkText decides whether the join needs a space.
                text.Append('\n');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlInline:
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(text, child);
                }

                break;
        }
    }
}
