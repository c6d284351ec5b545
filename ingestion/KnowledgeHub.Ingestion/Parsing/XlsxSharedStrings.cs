using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>The workbook's shared string table, which most text cells point into by index.</summary>
internal static class XlsxSharedStrings
{
    public static IReadOnlyList<string> Read(SharedStringTablePart? part, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement)
            {
                reader.Read();
                continue;
            }

            if (strings.Count % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            strings.Add(TextOf(reader.LoadCurrentElement()));
        }

        return strings;
    }

    /// <summary>The text of a rich string (a shared string item or an inline string): plain text or formatted runs,
    /// without the phonetic guides (furigana) that Japanese Excel stores beside the text.</summary>
    public static string TextOf(OpenXmlElement? richString)
    {
        if (richString is null)
        {
            return string.Empty;
        }

        var parts = richString.ChildElements.Select(child => child switch
        {
            Text text => text.Text,
            Run run => run.Text?.Text ?? string.Empty,
            _ => string.Empty,
        });
        return string.Concat(parts);
    }
}
