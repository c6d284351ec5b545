using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using KnowledgeHub.Retrieval.Analysis;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Plain text. Paragraphs are separated by blank lines, but many files are not written that way, so single line
/// breaks are read by layout: in a file whose lines run longer than any wrap width (one line per paragraph, like text
/// exported from web pages and the Chinese sample) every line is a paragraph; in a hard-wrapped file a line much
/// shorter than the wrap width (a title, the last line of a paragraph) ends its paragraph and the others are joined.
/// </summary>
public sealed partial class PlainTextParser : IDocumentParser
{
    // Display columns: wider than any sensible wrap width (80-ish for Latin text, ~40 CJK characters).
    private const int UnwrappedWidth = 160;
    private const double ShortLineRatio = 0.6;

    private readonly ILogger<PlainTextParser> logger;

    public PlainTextParser()
        : this(NullLogger<PlainTextParser>.Instance)
    {
    }

    public PlainTextParser(ILogger<PlainTextParser> logger)
    {
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text", ".log"];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await StreamContent.ReadAllAsync(content, cancellationToken);
        var decoded = TextDecoder.Decode(bytes);
        ParsingLog.Decoded(logger, fileName, decoded.EncodingName, bytes.Length);

        var blocks = Paragraphs(decoded.Text).Select(p => new ParsedBlock(p)).ToList();
        if (blocks.Count == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.Empty);
        }

        return new ParsedDocument(blocks);
    }

    internal static IEnumerable<string> Paragraphs(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\0", string.Empty, StringComparison.Ordinal);
        var lines = normalized.Split('\n').Select(l => l.Trim()).ToList();
        var wrapWidth = lines.Count == 0 ? 0 : lines.Max(DisplayWidth);
        var paragraph = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (paragraph.Count > 0)
                {
                    yield return RunningText.JoinLines(paragraph);
                    paragraph.Clear();
                }

                continue;
            }

            paragraph.Add(line);
            if (wrapWidth > UnwrappedWidth || DisplayWidth(line) < wrapWidth * ShortLineRatio)
            {
                yield return RunningText.JoinLines(paragraph);
                paragraph.Clear();
            }
        }

        if (paragraph.Count > 0)
        {
            yield return RunningText.JoinLines(paragraph);
        }
    }

    /// <summary>Columns the line takes in a monospaced editor: CJK characters are two wide.</summary>
    private static int DisplayWidth(string line)
    {
        var width = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            width += CjkText.IsCjk(rune) ? 2 : 1;
        }

        return width;
    }
}
