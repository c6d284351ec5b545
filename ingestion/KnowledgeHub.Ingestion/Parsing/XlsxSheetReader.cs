using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Reads a worksheet row by row with OpenXml's streaming reader (a sheet's DOM can take ten times its XML in memory)
/// and lays it out as table text. Columns that are empty in every row are dropped, so a stray value far to the right
/// does not pad every line with hundreds of empty cells.
/// </summary>
internal static class XlsxSheetReader
{
    /// <summary>The sheet as table text, or null when it has no cell with text.</summary>
    public static string? Read(WorksheetPart worksheet, XlsxCellText cellText, CancellationToken cancellationToken)
    {
        var rows = new List<SortedDictionary<int, string>>();
        var usedColumns = new SortedSet<int>();
        using (var reader = OpenXmlReader.Create(worksheet))
        {
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    reader.Read();
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();

                // LoadCurrentElement also moves the reader past the row, so it is not followed by Read().
                var row = (Row)reader.LoadCurrentElement()!;
                var values = RowValues(row, cellText);
                if (values.Count > 0)
                {
                    rows.Add(values);
                    usedColumns.UnionWith(values.Keys);
                }
            }
        }

        return TableText.Table(rows.Select(r => TableText.Row([.. usedColumns.Select(c => r.GetValueOrDefault(c, string.Empty))])));
    }

    private static SortedDictionary<int, string> RowValues(Row row, XlsxCellText cellText)
    {
        var values = new SortedDictionary<int, string>();
        var column = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            // References may be omitted, in which case a cell follows the previous one.
            column = ColumnIndex(cell.CellReference?.Value) ?? column + 1;
            var text = cellText.Of(cell);
            if (text.Length > 0)
            {
                values[column] = text;
            }
        }

        return values;
    }

    /// <summary>1-based column of an A1-style reference ("C7" is 3), or null when there is none.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        foreach (var c in reference)
        {
            var letter = char.ToUpperInvariant(c);
            if (letter is < 'A' or > 'Z')
            {
                break;
            }

            column = (column * 26) + (letter - 'A' + 1);
            if (column > 16384)
            {
                // Beyond Excel's last column (XFD): not a real reference.
                return null;
            }
        }

        return column == 0 ? null : column;
    }
}
