using KnowledgeHub.TestSupport;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public sealed class XlsxParserTests : IDisposable
{
    // cellXfs indexes of the workbook written below.
    private const uint DateStyle = 1;
    private const uint CustomDateStyle = 2;
    private const uint TimeStyle = 3;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Each_sheet_with_data_is_a_table_block_under_its_sheet_name()
    {
        var path = folder.File("report.xlsx");
        WriteWorkbook(path, title: "Quarterly report", sheets:
        [
            ("Sales", [
                [Shared("Region"), Shared("Units"), Shared("Price")],
                [Shared("North"), Number("120"), Number("9.5")],
                [Shared("South"), Number("80"), Number("10.25")],
            ]),
            ("Empty", []),
            ("Staff", [
                [Shared("Name"), Shared("Started"), Shared("Active")],
                [Inline("Ana"), Number("45306", DateStyle), Boolean(true)],
                [Inline("Bo"), Number("45307.5", CustomDateStyle), Boolean(false)],
            ]),
        ]);

        var document = await DocxParserTests.ParseFileAsync(new XlsxParser(), path);

        Assert.Equal(
        [
            (BlockKind.Table, "Region | Units | Price\nNorth | 120 | 9.5\nSouth | 80 | 10.25", "Sales"),
            (BlockKind.Table, "Name | Started | Active\nAna | 2024-01-15 | TRUE\nBo | 2024-01-16 12:00 | FALSE", "Staff"),
        ],
        document.Blocks.Select(b => (b.Kind, b.Text, b.HeadingPath)));
        Assert.Equal("Quarterly report", document.Title);
    }

    [Fact]
    public async Task Cells_are_placed_by_reference_and_columns_empty_everywhere_are_dropped()
    {
        var path = folder.File("sparse.xlsx");
        WriteWorkbook(path, title: null, sheets:
        [
            ("Data", [
                [Shared("Key"), null, Shared("Value"), null, Shared("Time")],
                [Shared("a"), null, null, null, Number("0.75", TimeStyle)],
                [null, null, null, null, null],
                [Shared("b"), null, Number("2")],
            ]),
        ]);

        var document = await DocxParserTests.ParseFileAsync(new XlsxParser(), path);

        Assert.Equal("Key | Value | Time\na |  | 18:00\nb | 2 | ", Assert.Single(document.Blocks).Text);
        Assert.Null(document.Title);
    }

    [Fact]
    public async Task Workbook_without_any_cell_text_is_rejected()
    {
        var path = folder.File("blank.xlsx");
        WriteWorkbook(path, title: null, sheets: [("Sheet1", [])]);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => DocxParserTests.ParseFileAsync(new XlsxParser(), path));

        Assert.Equal("The Excel workbook contains no text.", error.Message);
    }

    [Fact]
    public async Task Word_document_renamed_to_xlsx_is_rejected_as_not_a_workbook()
    {
        var path = folder.File("renamed.xlsx");
        new DocxBuilder().Paragraph("Hello").Save(path);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => DocxParserTests.ParseFileAsync(new XlsxParser(), path));

        Assert.Equal("The file is not a valid Excel workbook (.xlsx); it may be damaged or renamed from another format.", error.Message);
    }

    [Fact]
    public async Task Ole_compound_file_is_rejected_naming_xlsx()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParserTestInput.ParseAsync(new XlsxParser(), ole, "old.xlsx"));

        Assert.Equal(
            "The document is password-protected or in the old binary format; save it as .xlsx without a password and upload again.",
            error.Message);
    }

    [Theory]
    [InlineData("yyyy-mm-dd", "2024-01-16")]
    [InlineData("d/m/yy h:mm", "2024-01-16 18:00")]
    [InlineData("h:mm AM/PM", "18:00")]
    [InlineData("mm:ss", "18:00")]
    [InlineData("mmm", "2024-01-16")]
    [InlineData("yyyy\"年\"m\"月\"d\"日\"", "2024-01-16")]
    [InlineData("#,##0.00\" days\"", "45307.75")]
    [InlineData("[Red]0.00;[Blue]-0.00", "45307.75")]
    [InlineData("General", "45307.75")]
    [InlineData("0.00E+00", "45307.75")]
    public async Task Numbers_with_a_date_or_time_format_are_written_as_iso_dates_and_times(string formatCode, string expected)
    {
        var path = folder.File("formats.xlsx");
        WriteWorkbook(path, title: null, sheets: [("Sheet1", [[Shared("When")], [Number("45307.75", CustomDateStyle)]])], customFormat: formatCode);

        var document = await DocxParserTests.ParseFileAsync(new XlsxParser(), path);

        Assert.Equal("When\n" + expected, Assert.Single(document.Blocks).Text);
    }

    private static Cell Shared(string text) => new() { DataType = CellValues.SharedString, CellValue = new CellValue(text) };

    private static Cell Inline(string text) => new(new InlineString(new Text(text))) { DataType = CellValues.InlineString };

    private static Cell Number(string value, uint? style = null) => new() { CellValue = new CellValue(value), StyleIndex = style };

    private static Cell Boolean(bool value) => new() { DataType = CellValues.Boolean, CellValue = new CellValue(value ? "1" : "0") };

    /// <summary>Writes a workbook; shared-string cells hold their text until written, when it moves into the table.</summary>
    private static void WriteWorkbook(string path, string? title, (string Name, Cell?[][] Rows)[] sheets, string customFormat = "dd.mm.yyyy hh:mm")
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        if (title is not null)
        {
            document.PackageProperties.Title = title;
        }

        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook(new Sheets());
        var sharedStrings = new List<string>();

        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = customFormat }),
            new CellFormats(
                new CellFormat { NumberFormatId = 0 },
                new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 20, ApplyNumberFormat = true }));

        uint sheetId = 1;
        foreach (var (name, rows) in sheets)
        {
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    if (rows[r][c]?.CloneNode(true) is not Cell cell)
                    {
                        continue;
                    }

                    cell.CellReference = $"{(char)('A' + c)}{r + 1}";
                    if (cell.DataType?.Value == CellValues.SharedString)
                    {
                        sharedStrings.Add(cell.CellValue!.Text);
                        cell.CellValue = new CellValue(sharedStrings.Count - 1);
                    }

                    row.Append(cell);
                }

                data.Append(row);
            }

            worksheetPart.Worksheet = new Worksheet(data);
            workbookPart.Workbook.Sheets!.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = name });
        }

        var sharedPart = workbookPart.AddNewPart<SharedStringTablePart>();
        sharedPart.SharedStringTable = new SharedStringTable(sharedStrings.Select(s => new SharedStringItem(new Text(s))));
    }
}
