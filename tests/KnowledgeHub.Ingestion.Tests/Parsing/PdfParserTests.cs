using System.Text;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class PdfParserTests
{
    [SharedDataFact]
    public async Task Password_protected_pdf_is_rejected_as_password_protected()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => PdfSamples.ParseAsync("005-libreoffice-writer-password_libreoffice-writer-password.pdf"));

        Assert.Equal(DocumentRejections.PdfPasswordProtected, error.Message);
    }

    [SharedDataFact]
    public async Task Four_page_pdf_reports_four_pages_and_puts_each_pages_text_on_that_page()
    {
        var document = await PdfSamples.ParseAsync("004-pdflatex-4-pages_pdflatex-4-pages.pdf");

        Assert.Equal(4, document.PageCount);
        Assert.Equal([1, 2, 3, 4], document.Blocks.Select(b => b.Page!.Value).Distinct().Order());

        // The sample repeats one filler text, so what is unique to a page is where the text stands when the page
        // starts: the first words of each page continue the sentence cut at the bottom of the previous one.
        Assert.StartsWith("Hello, here is some text without a meaning.", FirstBlockOf(document, 1), StringComparison.Ordinal);
        Assert.StartsWith("information. Really? Is there no information?", FirstBlockOf(document, 2), StringComparison.Ordinal);
        Assert.StartsWith("you information about the selected font", FirstBlockOf(document, 3), StringComparison.Ordinal);
        Assert.StartsWith("in of the original language.", FirstBlockOf(document, 4), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Two_column_page_is_read_column_by_column()
    {
        var document = await PdfSamples.ParseAsync("026-latex-multicolumn_multicolumn.pdf");
        var pageOne = string.Join("\n", document.Blocks.Where(b => b.Page == 1).Select(b => b.Text));

        var firstColumn = pageOne.IndexOf("This is a sample document with two columns", StringComparison.Ordinal);
        var secondColumn = pageOne.IndexOf("pellentesque ante. Phasellus adipiscing semper elit.", StringComparison.Ordinal);
        Assert.True(firstColumn >= 0, "first column text missing");
        Assert.True(secondColumn > firstColumn, "the second column was read before the first");

        // Lines of column one continue each other instead of alternating with column two; "adip-" + "iscing" is joined.
        Assert.Contains("Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Ut purus elit, vestibulum ut, placerat", pageOne, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Larger_font_blocks_become_headings_that_head_the_following_blocks()
    {
        var document = await PdfSamples.ParseAsync("026-latex-multicolumn_multicolumn.pdf");

        var abstractHeading = Assert.Single(document.Blocks, b => b.Text == "Abstract");
        Assert.Equal(BlockKind.Heading, abstractHeading.Kind);
        var body = document.Blocks.First(b => b.Text.StartsWith("This is a sample document", StringComparison.Ordinal));
        Assert.Equal(BlockKind.Paragraph, body.Kind);
        Assert.EndsWith("Abstract", body.HeadingPath, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Outline_bookmarks_give_the_heading_paths()
    {
        var document = await PdfSamples.ParseAsync("006-pdflatex-outline_pdflatex-outline.pdf");

        var heading = Assert.Single(document.Blocks, b => b.Text == "2 Bar" && b.Page == 2);
        Assert.Equal(BlockKind.Heading, heading.Kind);
        Assert.Equal(2, heading.Page);
        Assert.Equal("Bar", heading.HeadingPath);
        var next = document.Blocks[document.Blocks.ToList().IndexOf(heading) + 1];
        Assert.Equal("Bar", next.HeadingPath);
    }

    [SharedDataFact]
    public async Task Title_comes_from_the_document_information()
    {
        var document = await PdfSamples.ParseAsync("011-google-doc-document_google-doc-document.pdf");

        Assert.Equal("PDF Example Document", document.Title);
    }

    [SharedDataFact]
    public async Task Pdf_of_scanned_images_is_rejected_as_having_no_text()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => PdfSamples.ParseAsync("019-grayscale-image_grayscale-image.pdf"));

        Assert.Equal(DocumentRejections.PdfNoText, error.Message);
    }

    [SharedDataFact]
    public async Task First_half_of_a_pdf_is_rejected_as_damaged()
    {
        var bytes = PdfSamples.Bytes("004-pdflatex-4-pages_pdflatex-4-pages.pdf");

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => PdfSamples.ParseAsync(bytes[..(bytes.Length / 2)], "truncated.pdf"));

        Assert.StartsWith("The PDF is damaged and could not be read: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_file_renamed_to_pdf_is_rejected_as_not_a_pdf()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("Meeting notes\n\nThis was a text file once."));

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfParser().ParseAsync(stream, "notes.pdf"));

        Assert.Equal("The file is not a PDF (it has no PDF header); it may have been renamed from another format.", error.Message);
    }

    [Fact]
    public async Task Empty_stream_is_rejected_as_empty()
    {
        using var stream = new MemoryStream();

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfParser().ParseAsync(stream, "empty.pdf"));

        Assert.Equal("The file is empty.", error.Message);
    }

    [Fact]
    public async Task Pdf_header_followed_by_garbage_is_rejected_as_damaged()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 4000)));

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => new PdfParser().ParseAsync(stream, "broken.pdf"));

        Assert.StartsWith("The PDF is damaged and could not be read: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_parse_throws_operation_cancelled()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.7\n"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PdfParser().ParseAsync(stream, "a.pdf", cancellation.Token));
    }

    private static string FirstBlockOf(ParsedDocument document, int page) => document.Blocks.First(b => b.Page == page).Text;
}
