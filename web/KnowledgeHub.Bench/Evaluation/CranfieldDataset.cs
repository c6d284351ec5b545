using System.Globalization;
using System.Text;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>
/// Reads the classic Cranfield collection (<c>cran.all.1400</c>, <c>cran.qry</c>, <c>cranqrel</c>) into a
/// <see cref="BeirDataset"/>. Queries are numbered 1..225 in file order (the <c>.I</c> numbers in cran.qry
/// are not the qrel ids). Cleverdon's codes run 1 (complete answer) to 4 (minimum interest); they become
/// gains 4..1, and -1 rows (the query's source paper) are dropped as not relevant.
/// </summary>
public static class CranfieldDataset
{
    public static BeirDataset Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var corpus = ReadRecords(Path.Combine(folder, "cran.all.1400"))
            .Select(r => new BeirDocument(r.Id, r.Fields.GetValueOrDefault('T', string.Empty), r.Fields.GetValueOrDefault('W', string.Empty)))
            .ToList();
        var queries = ReadRecords(Path.Combine(folder, "cran.qry"))
            .Select((r, i) => new BeirQuery((i + 1).ToString(CultureInfo.InvariantCulture), r.Fields.GetValueOrDefault('W', string.Empty)))
            .ToList();
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(folder, "cranqrel")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var code) || code is < 1 or > 4)
            {
                continue;
            }

            if (!qrels.TryGetValue(parts[0], out var judged))
            {
                qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[1]] = 5 - code;
        }

        return new BeirDataset(
            "cranfield",
            corpus,
            queries,
            qrels.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal));
    }

    /// <summary>Records start with ".I id"; fields start with ".X" on a line of their own and run to the next marker.</summary>
    private static IEnumerable<(string Id, Dictionary<char, string> Fields)> ReadRecords(string path)
    {
        string? id = null;
        var fields = new Dictionary<char, string>();
        char? field = null;
        var text = new StringBuilder();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(".I ", StringComparison.Ordinal))
            {
                if (id is not null)
                {
                    Flush();
                    yield return (id, fields);
                }

                id = line[3..].Trim().TrimStart('0');
                fields = new Dictionary<char, string>();
                field = null;
            }
            else if (line.Length == 2 && line[0] == '.' && char.IsAsciiLetterUpper(line[1]))
            {
                Flush();
                field = line[1];
            }
            else
            {
                text.AppendLine(line);
            }
        }

        if (id is not null)
        {
            Flush();
            yield return (id, fields);
        }

        void Flush()
        {
            if (field is { } f)
            {
                fields[f] = text.ToString().Trim();
            }

            text.Clear();
            field = null;
        }
    }
}
