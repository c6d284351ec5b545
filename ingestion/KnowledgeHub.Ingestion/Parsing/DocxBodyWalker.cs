using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>Walks the block-level content of a Word body (paragraphs, tables, and the content controls and custom
/// XML that wrap them) in document order, turning it into <see cref="ParsedBlock"/>s.</summary>
internal sealed class DocxBodyWalker(DocxStyles styles, DocxNumbering numbering, CancellationToken cancellationToken)
{
    private readonly HeadingTrail trail = new();
    private string? titleParagraph;
    private string? firstTopHeading;

    public List<ParsedBlock> Blocks { get; } = [];

    /// <summary>A paragraph in the Title style, else the first top-level heading.</summary>
    public string? Title => titleParagraph ?? firstTopHeading;

    public void Visit(OpenXmlElement container)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    VisitParagraph(paragraph);
                    break;
                case Table table:
                    cancellationToken.ThrowIfCancellationRequested();
                    VisitTable(table);
                    break;
                case SdtBlock or SdtContentBlock or CustomXmlBlock:
                    Visit(element);
                    break;
            }
        }
    }

    private void VisitParagraph(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        if (styles.IsTableOfContents(styleId))
        {
            return;
        }

        var text = DocxText.Of(paragraph);
        if (text.Length == 0)
        {
            return;
        }

        // The paragraph's own outline level overrides its style's, including "9" (body text) on a heading style.
        var level = properties?.OutlineLevel?.Val?.Value is { } outline ? DocxStyles.LevelFromOutline(outline) : styles.HeadingLevel(styleId);
        if (level is { } headingLevel)
        {
            trail.Enter(headingLevel, text);
            if (headingLevel == 1)
            {
                firstTopHeading ??= text;
            }

            Add(text, BlockKind.Heading);
            return;
        }

        if (styles.IsTitle(styleId))
        {
            titleParagraph ??= text;
        }

        Add(ListMarker(properties, styleId) + text, BlockKind.Paragraph);
    }

    private string ListMarker(ParagraphProperties? properties, string? styleId)
    {
        var own = properties?.NumberingProperties;
        var fromStyle = styles.Numbering(styleId);
        var numberingId = own?.NumberingId?.Val?.Value ?? fromStyle?.NumberingId?.Val?.Value;
        if (numberingId is not { } id)
        {
            return string.Empty;
        }

        var level = own?.NumberingLevelReference?.Val?.Value ?? fromStyle?.NumberingLevelReference?.Val?.Value ?? 0;
        return numbering.NextMarker(id, level);
    }

    private void VisitTable(Table table)
    {
        var rows = Children<TableRow>(table).Select(row => TableText.Row(Cells(row)));
        if (TableText.Table(rows) is { } text)
        {
            Add(text, BlockKind.Table);
        }
    }

    private static List<string> Cells(TableRow row)
    {
        var cells = new List<string>();
        foreach (var cell in Children<TableCell>(row))
        {
            // Nested tables are flattened into the cell's text: a row has to stay one line.
            var paragraphs = cell.Descendants<Paragraph>().Select(DocxText.Of);
            cells.Add(TableText.Cell(string.Join('\n', paragraphs)));

            // A merged cell spans several grid columns; padding keeps later cells under their header.
            var span = cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
            for (var i = 1; i < span; i++)
            {
                cells.Add(string.Empty);
            }
        }

        return cells;
    }

    /// <summary>Children of type <typeparamref name="T"/>, looking through the content controls and custom XML that
    /// can wrap rows and cells, but not into nested tables.</summary>
    private static IEnumerable<T> Children<T>(OpenXmlElement parent)
        where T : OpenXmlElement
    {
        foreach (var child in parent.ChildElements)
        {
            if (child is T match)
            {
                yield return match;
            }
            else if (child is not Table && child.HasChildren)
            {
                foreach (var nested in Children<T>(child))
                {
                    yield return nested;
                }
            }
        }
    }

    private void Add(string text, BlockKind kind) => Blocks.Add(new ParsedBlock(text, kind, Page: null, HeadingPath: trail.Path));
}
