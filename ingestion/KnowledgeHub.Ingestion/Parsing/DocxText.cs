using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// The visible text of a Word paragraph. Only w:t counts as text: deleted revisions (w:delText) and field
/// instructions (w:instrText) are different elements and are left out, as are runs formatted as hidden. Drawings
/// stored twice for old readers (mc:AlternateContent) are read from their first choice only.
/// </summary>
internal static class DocxText
{
    public static string Of(OpenXmlElement paragraph)
    {
        var text = new StringBuilder();
        Append(text, paragraph);
        return RunningText.Normalize(text.ToString());
    }

    private static void Append(StringBuilder text, OpenXmlElement element)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar or PositionalTab:
                    text.Append(' ');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
                case AlternateContentFallback:
                case Run run when IsHidden(run):
                    break;
                case Paragraph:
                    // A paragraph inside a text box or shape: keep its text apart from its neighbour's.
                    text.Append('\n');
                    Append(text, child);
                    text.Append('\n');
                    break;
                default:
                    if (child.HasChildren)
                    {
                        Append(text, child);
                    }

                    break;
            }
        }
    }

    private static bool IsHidden(Run run) => run.RunProperties?.Vanish is { } vanish && (vanish.Val is null || vanish.Val.Value);
}
