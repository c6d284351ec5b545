using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// A question about one row of a table is answered by that row: the citation quotes the table's header row and the
/// matching row (two spans into the chunk text), never the whole table.
/// </summary>
public sealed class TableRowCitationTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private static readonly string[][] Cities =
    [
        ["City", "Country", "Population", "River"],
        ["Lyon", "France", "516092", "Rhone"],
        ["Porto", "Portugal", "231800", "Douro"],
        ["Krakow", "Poland", "804237", "Vistula"],
        ["Utrecht", "Netherlands", "361924", "Vecht"],
        ["Ghent", "Belgium", "265086", "Scheldt"],
    ];

    private KnowledgeHubServer Server => fixture.Server;

    [Fact]
    public async Task A_question_about_one_csv_row_cites_the_header_and_that_row()
    {
        var csv = string.Join("\n", Cities.Select(row => string.Join(',', row)));
        await UploadAsync("cities.csv", Encoding.UTF8.GetBytes(csv), "csv");

        var citation = await AskForOneCitationAsync("Which river flows through Krakow?", "csv");

        await AssertQuotesHeaderAndRowAsync(citation, "City | Country | Population | River", "Krakow | Poland | 804237 | Vistula");
    }

    [Fact]
    public async Task A_question_about_one_xlsx_row_cites_the_header_and_that_row()
    {
        await UploadAsync("cities.xlsx", Workbook(Cities), "xlsx");

        var citation = await AskForOneCitationAsync("What is the population of Utrecht?", "xlsx");

        await AssertQuotesHeaderAndRowAsync(citation, "City | Country | Population | River", "Utrecht | Netherlands | 361924 | Vecht");
    }

    [SharedDataFact]
    public async Task A_question_about_one_pdf_table_row_cites_the_header_and_that_row()
    {
        var pdf = await File.ReadAllBytesAsync(SharedData.PathTo("documents", "pdf-samples", "026-latex-multicolumn_multicolumn.pdf"));
        await UploadAsync("multicolumn.pdf", pdf, "pdf");

        var citation = await AskForOneCitationAsync("What is the capital of Denmark?", "pdf");

        var quoted = await QuotedAsync(citation);
        Assert.Equal(2, quoted.Count);
        Assert.StartsWith("Country | Population (millions) | Area", quoted[0], StringComparison.Ordinal);
        Assert.Equal("Denmark | 5.8 | 42,951 | Copenhagen | Danish", quoted[1]);
        Assert.DoesNotContain("Austria", citation.GetProperty("quote").GetString()!, StringComparison.Ordinal);
    }

    private async Task UploadAsync(string fileName, byte[] content, string collection)
    {
        var uploaded = await Server.UploadAsync(fileName, content, collection);
        var end = await Server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!);
        Assert.Equal("completed", end.GetProperty("status").GetString());
    }

    private async Task<JsonElement> AskForOneCitationAsync(string question, string collection)
    {
        var answer = await Server.PostJsonAsync("/api/ask", new { question, collection });
        Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
        return answer.GetProperty("citations").EnumerateArray().First();
    }

    private async Task AssertQuotesHeaderAndRowAsync(JsonElement citation, string header, string row) =>
        Assert.Equal([header, row], await QuotedAsync(citation));

    /// <summary>The citation's spans read out of the cited chunk's own text, so the offsets are checked, not just the quote.</summary>
    private async Task<List<string>> QuotedAsync(JsonElement citation)
    {
        var chunkId = Uri.EscapeDataString(citation.GetProperty("chunkId").GetString()!);
        var chunk = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/chunks/{chunkId}", KnowledgeHubServer.Json);
        var text = chunk.GetProperty("text").GetString()!;
        var spans = citation.GetProperty("spans").EnumerateArray().Select(s => (Start: s.GetProperty("start").GetInt32(), End: s.GetProperty("end").GetInt32())).ToList();
        Assert.Equal(spans[0].Start, citation.GetProperty("start").GetInt32());
        Assert.Equal(spans[^1].End, citation.GetProperty("end").GetInt32());
        var quoted = spans.Select(s => text[s.Start..s.End]).ToList();
        Assert.Equal(string.Join('\n', quoted), citation.GetProperty("quote").GetString());
        return quoted;
    }

    private static byte[] Workbook(string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets());
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    row.Append(new Cell
                    {
                        CellReference = $"{(char)('A' + c)}{r + 1}",
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(rows[r][c])),
                    });
                }

                data.Append(row);
            }

            worksheetPart.Worksheet = new Worksheet(data);
            workbookPart.Workbook.Sheets!.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = 1, Name = "Cities" });
        }

        return stream.ToArray();
    }
}
