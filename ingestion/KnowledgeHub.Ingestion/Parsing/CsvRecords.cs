using System.Text;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Splits delimited text into records the way RFC 4180 and Excel do: a field that starts with a double quote runs
/// to the matching quote and may hold delimiters and line breaks, "" inside it is one quote. Malformed input is read
/// leniently, never rejected: a stray quote inside an unquoted field is text, and an unclosed quote runs to the end.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<List<string>> Read(string text, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
            }
            else if (c == '"' && field.Length == 0 && !quoted)
            {
                inQuotes = true;
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                quoted = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                quoted = false;
                yield return fields;
                fields = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || quoted || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }

    /// <summary>
    /// The delimiter of a .csv file: a comma unless the first record holds more semicolons or tabs (Excel writes
    /// semicolons where the comma is the decimal separator). Quoted text is not counted.
    /// </summary>
    public static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var inQuotes = false;
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, 64 * 1024)))
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes)
            {
                if (c is '\r' or '\n')
                {
                    break;
                }

                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        if (semicolons > commas && semicolons >= tabs)
        {
            return ';';
        }

        return tabs > commas ? '\t' : ',';
    }
}
