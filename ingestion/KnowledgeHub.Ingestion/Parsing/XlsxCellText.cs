using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>The text of one cell as a reader of the sheet would understand it (see <see cref="XlsxParser"/>).</summary>
internal sealed class XlsxCellText(IReadOnlyList<string> sharedStrings, XlsxDateFormats dateFormats, bool date1904)
{
    // Serial day 0 of the 1904 date system (Mac Excel) is serial day 1462 of the 1900 system.
    private const int Date1904Offset = 1462;

    public string Of(Cell cell)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return TableText.Cell(XlsxSharedStrings.TextOf(cell.InlineString));
        }

        var raw = cell.CellValue?.Text;
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        string text;
        if (type == CellValues.SharedString)
        {
            text = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < sharedStrings.Count
                ? sharedStrings[index]
                : string.Empty;
        }
        else if (type == CellValues.Boolean)
        {
            text = raw == "1" ? "TRUE" : "FALSE";
        }
        else if (type is null || type == CellValues.Number)
        {
            text = FormatNumber(raw, cell.StyleIndex?.Value);
        }
        else
        {
            // Formula strings, errors (#DIV/0!) and ISO dates are stored as the text to show.
            text = raw;
        }

        return TableText.Cell(text);
    }

    private string FormatNumber(string raw, uint? styleIndex)
    {
        var kind = dateFormats.KindOf(styleIndex);
        if (kind == XlsxDateKind.None
            || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)
            || serial < 0
            || serial > 2958465) // 9999-12-31, the last date Excel (and DateTime.FromOADate) can show
        {
            return raw;
        }

        if (kind == XlsxDateKind.Time)
        {
            var seconds = (long)Math.Round((serial - Math.Floor(serial)) * 86400) % 86400;
            var time = TimeSpan.FromSeconds(seconds);
            return time.ToString(time.Seconds == 0 ? @"hh\:mm" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        }

        var moment = DateTime.FromOADate(date1904 ? serial + Date1904Offset : serial);
        moment = new DateTime((moment.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
        if (kind == XlsxDateKind.Date)
        {
            return moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return moment.ToString(moment.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
