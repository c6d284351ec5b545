using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Excel workbooks (.xlsx) through OpenXml: every worksheet with data becomes one <see cref="BlockKind.Table"/> block
/// whose <see cref="ParsedBlock.HeadingPath"/> is the sheet's name, its first non-empty row taken as the header.
/// Cells show their stored value: shared and inline strings resolved, numbers as written in the file, date-formatted
/// numbers as ISO dates, formulas as their last computed result. Chart sheets carry no cell text and are skipped.
/// </summary>
public sealed class XlsxParser : IDocumentParser
{
    private readonly ParsingOptions options;
    private readonly ILogger<XlsxParser> logger;

    public XlsxParser()
        : this(Options.Create(new ParsingOptions()), NullLogger<XlsxParser>.Instance)
    {
    }

    public XlsxParser(IOptions<ParsingOptions> options, ILogger<XlsxParser> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".xlsx"];

    public Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        OfficeDocumentReader.ReadAsync(content, fileName, OfficeFormat.Excel, options, logger, Parse, cancellationToken);

    private static ParsedDocument Parse(Stream package, OpenSettings settings, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Open(package, isEditable: false, settings);
        var workbookPart = document.WorkbookPart ?? throw new InvalidDataException("The package has no workbook part.");
        var cells = new XlsxCellText(
            XlsxSharedStrings.Read(workbookPart.SharedStringTablePart, cancellationToken),
            XlsxDateFormats.Read(workbookPart.WorkbookStylesPart?.Stylesheet),
            date1904: workbookPart.Workbook?.WorkbookProperties?.Date1904?.Value ?? false);

        var blocks = new List<ParsedBlock>();
        var number = 0;
        foreach (var sheet in workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            number++;
            if (sheet.Id?.Value is not { } relationshipId
                || !workbookPart.TryGetPartById(relationshipId, out var part)
                || part is not WorksheetPart worksheet)
            {
                continue;
            }

            var name = sheet.Name?.Value?.Trim();
            if (XlsxSheetReader.Read(worksheet, cells, cancellationToken) is { } table)
            {
                blocks.Add(new ParsedBlock(table, BlockKind.Table, Page: null, HeadingPath: string.IsNullOrEmpty(name) ? $"Sheet{number}" : name));
            }
        }

        if (blocks.Count == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.NoText(OfficeFormat.Excel.Kind));
        }

        var title = document.PackageProperties.Title?.Trim();
        return new ParsedDocument(blocks, Title: string.IsNullOrEmpty(title) ? null : title);
    }
}
