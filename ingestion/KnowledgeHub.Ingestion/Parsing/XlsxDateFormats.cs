using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;

namespace KnowledgeHub.Ingestion.Parsing;

internal enum XlsxDateKind
{
    None,
    Date,
    Time,
    DateTime,
}

/// <summary>
/// Excel stores dates as day numbers and only the cell's number format says so. This maps each cell style
/// (an index into cellXfs) to whether its format shows a date, a time of day, or both.
/// </summary>
internal sealed class XlsxDateFormats
{
    private readonly XlsxDateKind[] byStyle;

    private XlsxDateFormats(XlsxDateKind[] byStyle)
    {
        this.byStyle = byStyle;
    }

    public static XlsxDateFormats Read(Stylesheet? stylesheet)
    {
        var custom = new Dictionary<uint, string>();
        foreach (var format in stylesheet?.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && format.FormatCode?.Value is { } code)
            {
                custom[id] = code;
            }
        }

        var styles = stylesheet?.CellFormats?.Elements<CellFormat>()
            .Select(xf => xf.NumberFormatId?.Value is { } id ? KindOf(id, custom) : XlsxDateKind.None)
            .ToArray();
        return new XlsxDateFormats(styles ?? []);
    }

    public XlsxDateKind KindOf(uint? styleIndex) =>
        styleIndex is { } index && index < byStyle.Length ? byStyle[index] : XlsxDateKind.None;

    private static XlsxDateKind KindOf(uint formatId, Dictionary<uint, string> custom)
    {
        if (custom.TryGetValue(formatId, out var code))
        {
            return KindOfCode(code);
        }

        // Built-in formats have no code in the file. 27-36 and 50-58 are the dates and times of East Asian locales.
        return formatId switch
        {
            >= 14 and <= 17 or >= 27 and <= 31 or 36 or >= 50 and <= 58 => XlsxDateKind.Date,
            >= 18 and <= 21 or >= 32 and <= 35 or >= 45 and <= 47 => XlsxDateKind.Time,
            22 => XlsxDateKind.DateTime,
            _ => XlsxDateKind.None,
        };
    }

    /// <summary>Looks for date and time placeholders outside quoted literals, escaped characters and [brackets]
    /// (colours, conditions, locales). "m" alone is a month unless hours or seconds make it minutes.</summary>
    internal static XlsxDateKind KindOfCode(string code)
    {
        // Only the first section matters: it formats the positive numbers that dates are.
        var placeholders = new StringBuilder();
        var inQuotes = false;
        var inBrackets = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (inQuotes)
            {
                inQuotes = c != '"';
            }
            else if (inBrackets)
            {
                inBrackets = c != ']';
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == '[')
            {
                inBrackets = true;
            }
            else if (c is '\\' or '_' or '*')
            {
                i++; // the next character is a literal, a padding width or a fill character
            }
            else if (c == ';')
            {
                break;
            }
            else
            {
                placeholders.Append(char.ToLowerInvariant(c));
            }
        }

        var text = placeholders.ToString().Replace("am/pm", string.Empty, StringComparison.Ordinal).Replace("a/p", string.Empty, StringComparison.Ordinal);
        var hasTime = text.Contains('h', StringComparison.Ordinal) || text.Contains('s', StringComparison.Ordinal);
        var hasDate = text.Contains('y', StringComparison.Ordinal) || text.Contains('d', StringComparison.Ordinal)
            || (!hasTime && text.Contains('m', StringComparison.Ordinal));
        return (hasDate, hasTime) switch
        {
            (true, true) => XlsxDateKind.DateTime,
            (true, false) => XlsxDateKind.Date,
            (false, true) => XlsxDateKind.Time,
            _ => XlsxDateKind.None,
        };
    }
}
