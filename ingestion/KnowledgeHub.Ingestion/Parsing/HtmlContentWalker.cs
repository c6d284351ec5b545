using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Turns the content of an HTML element into <see cref="ParsedBlock"/>s. Text is gathered across inline elements
/// (a, em, span, ...) and every other element ends the paragraph gathered so far, so loose text in a div is kept as
/// well as text in p. Headings open sections; li becomes a paragraph with its marker; pre keeps its lines; tables
/// become <see cref="BlockKind.Table"/> blocks whose first line is the header row.
/// </summary>
internal sealed class HtmlContentWalker(CancellationToken cancellationToken)
{
    private static readonly HashSet<string> InlineElements = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i", "ins", "kbd", "label",
        "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    };

    private readonly HeadingTrail trail = new();
    private readonly StringBuilder pending = new();
    private string? pendingMarker;
    private int? listNumber;

    public List<ParsedBlock> Blocks { get; } = [];

    public string? FirstTopHeading { get; private set; }

    public void Walk(INode root)
    {
        VisitChildren(root);
        Flush();
    }

    /// <summary>The text of an element on one logical line per block, for headings and table cells.</summary>
    public static string TextOf(INode node)
    {
        var text = new StringBuilder();
        AppendText(text, node);
        return RunningText.Normalize(text.ToString());
    }

    private static void AppendText(StringBuilder text, INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data);
            }
            else if (child is IElement element)
            {
                var inline = InlineElements.Contains(element.LocalName);
                text.Append(element.LocalName == "br" || !inline ? "\n" : string.Empty);
                if (element.LocalName != "del")
                {
                    AppendText(text, element);
                }

                text.Append(inline ? string.Empty : "\n");
            }
        }
    }

    private void VisitChildren(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                pending.Append(text.Data);
            }
            else if (child is IElement element)
            {
                VisitElement(element);
            }
        }
    }

    private void VisitElement(IElement element)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (element.LocalName)
        {
            case "br":
                pending.Append('\n');
                break;
            case "del" or "img":
                // Deleted text is not part of the document; images carry no text worth indexing here.
                break;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                VisitHeading(element, element.LocalName[1] - '0');
                break;
            case "pre":
                Flush();
                Add(Preformatted(element.TextContent), BlockKind.Paragraph);
                break;
            case "table" when element is IHtmlTableElement table:
                Flush();
                VisitTable(table);
                break;
            case "ol" or "ul" or "menu":
                VisitList(element);
                break;
            case "li":
                VisitListItem(element);
                break;
            case var name when InlineElements.Contains(name):
                VisitChildren(element);
                break;
            default:
                Flush();
                VisitChildren(element);
                Flush();
                break;
        }
    }

    private void VisitHeading(IElement heading, int level)
    {
        Flush();
        var text = TextOf(heading);
        if (text.Length == 0)
        {
            return;
        }

        trail.Enter(level, text);
        if (level == 1)
        {
            FirstTopHeading ??= text;
        }

        Add(text, BlockKind.Heading);
    }

    private void VisitList(IElement list)
    {
        Flush();
        var outer = listNumber;
        listNumber = list is IHtmlOrderedListElement ordered ? ordered.Start : null;
        VisitChildren(list);
        Flush();
        listNumber = outer;
    }

    private void VisitListItem(IElement item)
    {
        Flush();
        if (listNumber is { } number)
        {
            // <li value="7"> renumbers this item and those after it.
            var value = item.GetAttribute("value");
            number = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var given) ? given : number;
            pendingMarker = number.ToString(CultureInfo.InvariantCulture) + ". ";
            listNumber = number + 1;
        }
        else
        {
            pendingMarker = "- ";
        }

        // A nested list flushes the item's own text (with its marker) before its items; the marker is dropped after.
        VisitChildren(item);
        Flush();
        pendingMarker = null;
    }

    private void VisitTable(IHtmlTableElement table)
    {
        if (table.Caption is { } caption)
        {
            Add(TextOf(caption), BlockKind.Paragraph);
        }

        // Rows lists the thead rows first, so a header row marked up with <thead> leads even if written later.
        var rows = table.Rows.Select(row => TableText.Row(Cells(row)));
        if (TableText.Table(rows) is { } text)
        {
            Add(text, BlockKind.Table);
        }
    }

    private static List<string> Cells(IHtmlTableRowElement row)
    {
        var cells = new List<string>();
        foreach (var cell in row.Cells)
        {
            cells.Add(TableText.Cell(TextOf(cell)));

            // A cell spanning columns is padded so that later cells stay under their header.
            for (var i = 1; i < Math.Clamp(cell.ColumnSpan, 1, 1000); i++)
            {
                cells.Add(string.Empty);
            }
        }

        return cells;
    }

    private static string Preformatted(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        return string.Join('\n', lines).Trim('\n');
    }

    /// <summary>Ends the paragraph gathered so far. An item's marker waits for the item's first text, which may sit
    /// in a nested p rather than directly in the li.</summary>
    private void Flush()
    {
        var text = RunningText.Normalize(pending.ToString());
        pending.Clear();
        if (text.Length > 0)
        {
            Add(pendingMarker + text, BlockKind.Paragraph);
            pendingMarker = null;
        }
    }

    private void Add(string text, BlockKind kind)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            Blocks.Add(new ParsedBlock(text, kind, Page: null, HeadingPath: trail.Path));
        }
    }
}
