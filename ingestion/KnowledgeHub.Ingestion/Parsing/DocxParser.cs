using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Word documents (.docx) through OpenXml: the body in reading order; Heading 1..6 paragraphs open sections (a
/// heading's own <see cref="ParsedBlock.HeadingPath"/> ends with itself); list items become paragraphs with their
/// marker; tables become <see cref="BlockKind.Table"/> blocks with the first row as header. Headers, footers,
/// footnotes and comments are left out: they repeat on every page or sit beside the text rather than in it.
/// </summary>
public sealed class DocxParser : IDocumentParser
{
    private readonly ParsingOptions options;
    private readonly ILogger<DocxParser> logger;

    public DocxParser()
        : this(Options.Create(new ParsingOptions()), NullLogger<DocxParser>.Instance)
    {
    }

    public DocxParser(IOptions<ParsingOptions> options, ILogger<DocxParser> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".docx"];

    public Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        OfficeDocumentReader.ReadAsync(content, fileName, OfficeFormat.Word, options, logger, Parse, cancellationToken);

    private static ParsedDocument Parse(Stream package, OpenSettings settings, CancellationToken cancellationToken)
    {
        using var document = WordprocessingDocument.Open(package, isEditable: false, settings);
        var main = document.MainDocumentPart ?? throw new InvalidDataException("The package has no main document part.");
        var body = main.Document?.Body ?? throw new InvalidDataException("The main document part has no body.");

        var walker = new DocxBodyWalker(
            new DocxStyles(main.StyleDefinitionsPart?.Styles),
            new DocxNumbering(main.NumberingDefinitionsPart?.Numbering),
            cancellationToken);
        walker.Visit(body);
        if (walker.Blocks.Count == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.NoText(OfficeFormat.Word.Kind));
        }

        var title = document.PackageProperties.Title?.Trim();
        return new ParsedDocument(walker.Blocks, Title: string.IsNullOrEmpty(title) ? walker.Title : title);
    }
}
