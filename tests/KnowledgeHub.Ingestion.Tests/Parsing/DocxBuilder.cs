using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

/// <summary>Writes small Word documents the way Word lays them out: built-in heading styles, a bullet list (numId 1)
/// and a decimal list (numId 2) defined in the numbering part, and tables of plain cells.</summary>
internal sealed class DocxBuilder
{
    public const int BulletList = 1;
    public const int NumberedList = 2;

    private readonly List<OpenXmlElement> content = [];
    private readonly List<Style> extraStyles = [];

    public string? Title { get; set; }

    public DocxBuilder Heading(int level, string text) => Add(StyledParagraph(text, $"Heading{level}"));

    public DocxBuilder Paragraph(string text, string? styleId = null) => Add(StyledParagraph(text, styleId));

    public DocxBuilder ListItem(int numberingId, string text, int level = 0)
    {
        var paragraph = StyledParagraph(text, "ListParagraph");
        paragraph.ParagraphProperties!.Append(new NumberingProperties(
            new NumberingLevelReference { Val = level },
            new NumberingId { Val = numberingId }));
        return Add(paragraph);
    }

    public DocxBuilder Table(params string[][] rows)
    {
        var table = new Table(new TableProperties(new TableStyle { Val = "TableGrid" }));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(cell => new TableCell(new Paragraph(new Run(new Text(cell)))))));
        }

        return Add(table);
    }

    public DocxBuilder Style(Style style)
    {
        extraStyles.Add(style);
        return this;
    }

    public DocxBuilder Add(OpenXmlElement element)
    {
        content.Add(element);
        return this;
    }

    public void Save(string path)
    {
        using var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        if (Title is not null)
        {
            document.PackageProperties.Title = Title;
        }

        var main = document.AddMainDocumentPart();
        main.Document = new Document(new Body(content.Select(e => e.CloneNode(true))));

        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            HeadingStyle(1),
            HeadingStyle(2),
            HeadingStyle(3),
            new Style(new StyleName { Val = "Title" }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
            new Style(new StyleName { Val = "List Paragraph" }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "ListParagraph" },
            new Style(new StyleName { Val = "toc 1" }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "TOC1" });
        styles.Styles.Append(extraStyles.Select(s => s.CloneNode(true)));

        var numbering = main.AddNewPart<NumberingDefinitionsPart>();
        numbering.Numbering = new Numbering(
            AbstractList(0, NumberFormatValues.Bullet),
            AbstractList(1, NumberFormatValues.Decimal),
            new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = BulletList },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = NumberedList });
    }

    public static Paragraph StyledParagraph(string text, string? styleId)
    {
        var properties = new ParagraphProperties();
        if (styleId is not null)
        {
            properties.Append(new ParagraphStyleId { Val = styleId });
        }

        return new Paragraph(properties, new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Style HeadingStyle(int level) =>
        new(new StyleName { Val = $"heading {level}" }, new BasedOn { Val = "Normal" }, new StyleParagraphProperties(new OutlineLevel { Val = level - 1 }))
        {
            Type = StyleValues.Paragraph,
            StyleId = $"Heading{level}",
        };

    private static AbstractNum AbstractList(int id, NumberFormatValues format) =>
        new(Enumerable.Range(0, 3).Select(level => new Level(
            new StartNumberingValue { Val = 1 },
            new NumberingFormat { Val = format },
            new LevelText { Val = format == NumberFormatValues.Bullet ? "\u2022" : $"%{level + 1}." })
        {
            LevelIndex = level,
        }))
        {
            AbstractNumberId = id,
        };
}
