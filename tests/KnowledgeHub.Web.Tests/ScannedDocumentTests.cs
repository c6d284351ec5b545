using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// Scans and images through the whole server: uploaded, read by the real Tesseract, chunked with pages and boxes,
/// answered and cited; bombs and truncated images fail with a reason while the server goes on serving.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ScannedDocumentTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    private const string Multicolumn = "026-latex-multicolumn_multicolumn.pdf";
    private const string FourPages = "004-pdflatex-4-pages_pdflatex-4-pages.pdf";

    private KnowledgeHubServer Server => fixture.Server;

    [OcrFact]
    public async Task Scanned_table_page_answers_a_cell_question_cited_to_its_page()
    {
        // Pages 1 and 2 keep their text layer; page 3, with the table, is a scan.
        var source = SharedData.PdfSample(Multicolumn);
        var scan = ScannedPages.Mixed(source, textPage: 1, scannedPage: 3);
        var document = await CompleteAsync("scanned-table.pdf", scan, "scans-table");

        var answer = await Server.PostJsonAsync("/api/ask", new { question = "What is the capital of Denmark?", collection = "scans-table" });

        Assert.True(answer.GetProperty("found").GetBoolean(), answer.ToString());
        var citation = answer.GetProperty("citations").EnumerateArray().First();
        Assert.Equal(2, citation.GetProperty("page").GetInt32());
        Assert.Contains("Copenhagen", citation.GetProperty("quote").GetString(), StringComparison.Ordinal);
        var ocrPages = document.GetProperty("ocrPages").EnumerateArray().ToList();
        Assert.Equal(2, Assert.Single(ocrPages).GetProperty("page").GetInt32());
        Assert.InRange(ocrPages[0].GetProperty("confidence").GetDouble(), 1, 100);
    }

    [OcrFact]
    public async Task Png_and_multi_page_tiff_uploads_make_chunks_with_pages_and_boxes()
    {
        var source = SharedData.PdfSample(FourPages);
        var png = ScannedPages.Render(source, 1, dpi: 200).ToPng();
        var tiff = GreyImage.ToTiff([ScannedPages.Render(source, 2, dpi: 200), ScannedPages.Render(source, 3, dpi: 200)]);

        var pngDocument = await CompleteAsync("page.png", png, "scans-images");
        var tiffDocument = await CompleteAsync("pages.tif", tiff, "scans-images");

        Assert.Equal(1, pngDocument.GetProperty("pageCount").GetInt32());
        Assert.Equal(2, tiffDocument.GetProperty("pageCount").GetInt32());
        Assert.Equal([1, 2], tiffDocument.GetProperty("ocrPages").EnumerateArray().Select(p => p.GetProperty("page").GetInt32()));
        var pngChunks = await ChunksAsync(pngDocument);
        var tiffChunks = await ChunksAsync(tiffDocument);
        Assert.All(pngChunks.Concat(tiffChunks), c => Assert.Equal(JsonValueKind.Object, c.GetProperty("box").ValueKind));
        Assert.All(pngChunks, c => Assert.Equal(1, c.GetProperty("page").GetInt32()));
        Assert.Equal([1, 2], tiffChunks.Select(c => c.GetProperty("page").GetInt32()).Distinct().Order());
    }

    [OcrFact]
    public async Task Huge_and_truncated_images_fail_with_a_reason_and_the_server_keeps_serving()
    {
        var bomb = await FailAsync("bomb.png", GreyImage.PngHeaderOnly(20_000, 20_000));
        var png = ScannedPages.Render(SharedData.PdfSample(FourPages), 1, dpi: 100).ToPng();
        var truncated = await FailAsync("cut.png", png[..(png.Length / 2)]);

        Assert.Contains("20000 × 20000 pixels", bomb, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", bomb, StringComparison.Ordinal);
        Assert.Contains("incomplete", truncated, StringComparison.Ordinal);
        using var ready = await Server.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await CompleteAsync("after.txt", Encoding.UTF8.GetBytes("The server still reads plain text after refusing two images."), "scans-bad");
    }

    [OcrFact]
    public async Task Without_tesseract_the_server_starts_says_ocr_is_off_and_refuses_scans_with_the_install_message()
    {
        await using var server = await KnowledgeHubServer.StartAsync("--KnowledgeHub:Ocr:TesseractPath=/nonexistent/tesseract");

        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        var health = await anonymous.GetFromJsonAsync<JsonElement>("/health/ready");
        var ocr = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ocr");
        Assert.StartsWith("OCR is off", ocr.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());

        var scan = ScannedPages.Scan(SharedData.PdfSample(FourPages), 1, dpi: 100);
        var uploaded = await server.UploadAsync("scan.pdf", scan);
        var failed = await server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("The PDF has no text layer; OCR is not available (install tesseract-ocr).", failed.GetProperty("error").GetString());

        var text = await server.UploadAsync("text.pdf", await File.ReadAllBytesAsync(SharedData.PdfSample(FourPages)));
        Assert.Equal("completed", (await server.WaitForEndAsync(text.GetProperty("id").GetString()!)).GetProperty("status").GetString());
    }

    private async Task<JsonElement> CompleteAsync(string fileName, byte[] content, string collection)
    {
        var uploaded = await Server.UploadAsync(fileName, content, collection);
        var end = await Server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!);
        Assert.True(end.GetProperty("status").GetString() == "completed", end.ToString());
        return end;
    }

    private async Task<string> FailAsync(string fileName, byte[] content)
    {
        var uploaded = await Server.UploadAsync(fileName, content, "scans-bad");
        var end = await Server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!);
        Assert.Equal("failed", end.GetProperty("status").GetString());
        return end.GetProperty("error").GetString()!;
    }

    private async Task<List<JsonElement>> ChunksAsync(JsonElement document)
    {
        var id = Uri.EscapeDataString(document.GetProperty("id").GetString()!);
        var list = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}/chunks", KnowledgeHubServer.Json);
        var chunks = list.GetProperty("chunks").EnumerateArray().ToList();
        Assert.NotEmpty(chunks);
        return chunks;
    }
}
