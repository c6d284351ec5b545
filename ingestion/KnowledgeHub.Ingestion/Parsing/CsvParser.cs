using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Comma- and tab-separated files: the whole file is one <see cref="BlockKind.Table"/> block, its first non-empty row
/// the header; the chunker cuts it between rows and repeats that header in every part. Line breaks inside quoted
/// fields become spaces, since a row has to stay one line. Columns that are empty in every row are dropped.
/// </summary>
public sealed class CsvParser : IDocumentParser
{
    // Excel writes this first line to name the delimiter of a file meant for another locale.
    private const string SeparatorHint = "sep=";

    private readonly ILogger<CsvParser> logger;

    public CsvParser()
        : this(NullLogger<CsvParser>.Instance)
    {
    }

    public CsvParser(ILogger<CsvParser> logger)
    {
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".csv", ".tsv"];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await StreamContent.ReadAllAsync(content, cancellationToken);
        var decoded = TextDecoder.Decode(bytes);
        ParsingLog.Decoded(logger, fileName, decoded.EncodingName, bytes.Length);
        if (string.IsNullOrWhiteSpace(decoded.Text))
        {
            throw new DocumentRejectedException(DocumentRejections.Empty);
        }

        var isTsv = Path.GetExtension(fileName).Equals(".tsv", StringComparison.OrdinalIgnoreCase);
        var kind = isTsv ? "TSV file" : "CSV file";
        var table = Table(decoded.Text, isTsv, cancellationToken) ?? throw new DocumentRejectedException(DocumentRejections.NoText(kind));
        var document = new ParsedDocument([new ParsedBlock(table, BlockKind.Table)]);
        ParsingLog.Parsed(logger, fileName, kind, document.Blocks.Count);
        return document;
    }

    internal static string? Table(string text, bool isTsv, CancellationToken cancellationToken = default)
    {
        var delimiter = isTsv ? '\t' : CsvRecords.DetectDelimiter(text);
        if (!isTsv && text.StartsWith(SeparatorHint, StringComparison.OrdinalIgnoreCase) && text.Length > SeparatorHint.Length
            && text[SeparatorHint.Length] is not ('\r' or '\n'))
        {
            delimiter = text[SeparatorHint.Length];
            var lineEnd = text.IndexOfAny(['\r', '\n']);
            text = lineEnd < 0 ? string.Empty : text[lineEnd..].TrimStart('\r', '\n');
        }

        var rows = CsvRecords.Read(text, delimiter)
            .Select(fields =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return fields.Select(TableText.Cell).ToList();
            })
            .Where(cells => cells.Exists(c => c.Length > 0))
            .ToList();
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var usedColumns = Enumerable.Range(0, width).Where(c => rows.Exists(r => c < r.Count && r[c].Length > 0)).ToList();
        return TableText.Table(rows.Select(r => TableText.Row([.. usedColumns.Select(c => c < r.Count ? r[c] : string.Empty)])));
    }
}
