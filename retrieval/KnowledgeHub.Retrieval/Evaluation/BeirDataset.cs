using System.IO.Compression;
using System.Text.Json;

namespace KnowledgeHub.Retrieval.Evaluation;

public sealed record BeirDocument(string Id, string Title, string Text)
{
    /// <summary>What gets indexed: the title, a blank line, then the text (just the text when there is no title).</summary>
    public string FullText => string.IsNullOrWhiteSpace(Title) ? Text : $"{Title}\n\n{Text}";
}

public sealed record BeirQuery(string Id, string Text);

/// <summary>
/// A retrieval test collection in BEIR layout: <c>corpus.jsonl</c> or <c>corpus.jsonl.gz</c> (<c>_id</c>, <c>title</c>,
/// <c>text</c>), <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>) and <c>qrels/&lt;split&gt;.tsv</c>
/// (header <c>query-id corpus-id score</c>). Only queries with at least one relevant judgment are kept,
/// which is the set BEIR evaluates.
/// </summary>
public sealed class BeirDataset
{
    public BeirDataset(string name, IReadOnlyList<BeirDocument> corpus, IReadOnlyList<BeirQuery> queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(qrels);
        Name = name;
        Corpus = corpus;
        Qrels = qrels;
        Queries = queries.Where(q => qrels.TryGetValue(q.Id, out var judged) && judged.Values.Any(r => r > 0)).ToList();
    }

    public string Name { get; }

    public IReadOnlyList<BeirDocument> Corpus { get; }

    /// <summary>The evaluated queries, in file order.</summary>
    public IReadOnlyList<BeirQuery> Queries { get; }

    /// <summary>Query id to (document id to relevance).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels { get; }

    public static BeirDataset Load(string folder, string split = "test")
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var corpusPath = Path.Combine(folder, "corpus.jsonl");
        if (!File.Exists(corpusPath))
        {
            corpusPath += ".gz";
        }

        var qrelsPath = Path.Combine(folder, "qrels", split + ".tsv");
        var corpus = ReadJsonLines(corpusPath)
            .Select(e => new BeirDocument(Text(e, "_id"), Text(e, "title"), Text(e, "text")))
            .ToList();
        var queries = ReadJsonLines(Path.Combine(folder, "queries.jsonl"))
            .Select(e => new BeirQuery(Text(e, "_id"), Text(e, "text")))
            .ToList();
        return new BeirDataset(new DirectoryInfo(folder).Name, corpus, queries, ReadQrels(qrelsPath));
    }

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 3)
            {
                throw new FormatException($"'{path}': expected 'query-id<TAB>corpus-id<TAB>score', got '{line}'.");
            }

            if (!qrels.TryGetValue(parts[0], out var judged))
            {
                qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[1]] = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        }

        return qrels.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }

    private static IEnumerable<JsonElement> ReadJsonLines(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                using var json = JsonDocument.Parse(line);
                yield return json.RootElement.Clone();
            }
        }
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : string.Empty;
}
