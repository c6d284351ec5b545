using KnowledgeHub.TestSupport;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Tests.Chunking;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public sealed class DocxParserTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Headings_open_sections_and_paragraphs_lists_and_tables_follow_in_body_order()
    {
        var document = await ParseAsync(SampleManual());

        Assert.Equal(
        [
            (BlockKind.Heading, "Intro", "Intro"),
            (BlockKind.Paragraph, "This manual covers the pump.", "Intro"),
            (BlockKind.Heading, "Setup", "Intro > Setup"),
            (BlockKind.Paragraph, "Before you start:", "Intro > Setup"),
            (BlockKind.Paragraph, "- Unpack the pump", "Intro > Setup"),
            (BlockKind.Paragraph, "- Check the seals", "Intro > Setup"),
            (BlockKind.Paragraph, "1. Mount it", "Intro > Setup"),
            (BlockKind.Paragraph, "2. Wire it", "Intro > Setup"),
            (BlockKind.Table, string.Join('\n', SampleTable.Select(r => string.Join(" | ", r))), "Intro > Setup"),
            (BlockKind.Heading, "Usage", "Usage"),
            (BlockKind.Paragraph, "Press start.", "Usage"),
        ],
        document.Blocks.Select(b => (b.Kind, b.Text, b.HeadingPath)));
        Assert.All(document.Blocks, b => Assert.Null(b.Page));
    }

    [Fact]
    public async Task Table_block_puts_the_header_row_first_and_chunks_of_it_each_repeat_that_header()
    {
        var document = await ParseAsync(SampleManual());
        var table = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Table);

        Assert.Equal("Component | Owner | Notes", table.Text.Split('\n')[0]);

        var chunker = new TextChunker(TestTokens.Count, new ChunkingOptions { MaxTokens = 32, OverlapTokens = 0 });
        var chunks = chunker.Chunk(new ParsedDocument([table]));

        Assert.True(chunks.Count >= 2, $"expected the table to be split, got {chunks.Count} chunk(s)");
        Assert.All(chunks, c => Assert.StartsWith("Component | Owner | Notes\n", c.Text, StringComparison.Ordinal));
        Assert.All(SampleTable.Skip(1), row => Assert.Contains(chunks, c => c.Text.Contains(string.Join(" | ", row), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Title_comes_from_the_core_properties_when_set()
    {
        var builder = SampleManual();
        builder.Title = "Pump P-100 Manual";

        var document = await ParseAsync(builder);

        Assert.Equal("Pump P-100 Manual", document.Title);
    }

    [Fact]
    public async Task Title_falls_back_to_a_title_styled_paragraph_then_to_the_first_top_heading()
    {
        var withTitleStyle = await ParseAsync(new DocxBuilder().Paragraph("Annual Report", "Title").Heading(1, "Summary").Paragraph("Sales grew."));
        var withoutTitleStyle = await ParseAsync(new DocxBuilder().Heading(1, "Summary").Paragraph("Sales grew."));

        Assert.Equal("Annual Report", withTitleStyle.Title);
        Assert.Equal("Summary", withoutTitleStyle.Title);
    }

    [Fact]
    public async Task Headings_are_recognised_by_localised_style_name_style_outline_level_and_paragraph_outline_level()
    {
        var builder = new DocxBuilder()
            .Style(new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "berschrift1" })
            .Style(new Style(new StyleName { Val = "Chapter Title" }, new StyleParagraphProperties(new OutlineLevel { Val = 1 })) { Type = StyleValues.Paragraph, StyleId = "ChapterTitle" })
            .Style(new Style(new StyleName { Val = "Chapter Sub" }, new BasedOn { Val = "ChapterTitle" }) { Type = StyleValues.Paragraph, StyleId = "ChapterSub" })
            .Paragraph("Einleitung", "berschrift1")
            .Paragraph("Custom level two", "ChapterTitle")
            .Paragraph("Inherited level two", "ChapterSub")
            .Add(new Paragraph(new ParagraphProperties(new OutlineLevel { Val = 2 }), new Run(new Text("Direct level three"))))
            .Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }, new OutlineLevel { Val = 9 }), new Run(new Text("Body text in a heading style"))));

        var document = await ParseAsync(builder);

        Assert.Equal(
        [
            (BlockKind.Heading, "Einleitung"),
            (BlockKind.Heading, "Einleitung > Custom level two"),
            (BlockKind.Heading, "Einleitung > Inherited level two"),
            (BlockKind.Heading, "Einleitung > Inherited level two > Direct level three"),
            (BlockKind.Paragraph, "Einleitung > Inherited level two > Direct level three"),
        ],
        document.Blocks.Select(b => (b.Kind, b.HeadingPath!)));
    }

    [Fact]
    public async Task Deleted_revisions_field_codes_hidden_runs_and_table_of_contents_entries_are_left_out()
    {
        var paragraph = new Paragraph(
            new Run(new Text("Kept ") { Space = SpaceProcessingModeValues.Preserve }),
            new DeletedRun(new Run(new DeletedText("removed "))),
            new Run(new FieldCode(" PAGE ")),
            new Run(new RunProperties(new Vanish()), new Text("hidden ")),
            new Run(new Text("text"), new Break(), new Text("on two lines")));
        var builder = new DocxBuilder().Paragraph("Intro\t1", "TOC1").Add(paragraph);

        var document = await ParseAsync(builder);

        var block = Assert.Single(document.Blocks);
        Assert.Equal("Kept text on two lines", block.Text);
    }

    [Fact]
    public async Task Document_without_text_is_rejected()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParseAsync(new DocxBuilder().Paragraph("   ")));

        Assert.Equal("The Word document contains no text.", error.Message);
    }

    [Fact]
    public async Task Empty_file_is_rejected_as_empty()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParserTestInput.ParseAsync(new DocxParser(), [], "empty.docx"));

        Assert.Equal(DocumentRejections.Empty, error.Message);
    }

    [Fact]
    public async Task File_that_is_not_a_zip_is_rejected_as_not_a_word_document()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => ParserTestInput.ParseAsync(new DocxParser(), "This is plain text saved with a .docx name.", "renamed.docx"));

        Assert.Equal("The file is not a valid Word document (.docx); it may be damaged or renamed from another format.", error.Message);
    }

    [Fact]
    public async Task Zip_without_a_word_document_inside_is_rejected_as_not_a_word_document()
    {
        var path = folder.File("book.docx");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not an Office package");
        }

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParseFileAsync(new DocxParser(), path));

        Assert.StartsWith("The file is not a valid Word document (.docx)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ole_compound_file_is_rejected_as_password_protected_or_old_format()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParserTestInput.ParseAsync(new DocxParser(), ole, "secret.docx"));

        Assert.Equal(
            "The document is password-protected or in the old binary format; save it as .docx without a password and upload again.",
            error.Message);
    }

    internal static readonly string[][] SampleTable =
    [
        ["Component", "Owner", "Notes"],
        ["Ingestion service", "Platform team", "Parses every uploaded document into ordered blocks of text"],
        ["Retrieval service", "Search team", "Ranks the stored passages against each incoming question"],
    ];

    private static DocxBuilder SampleManual() => new DocxBuilder()
        .Heading(1, "Intro")
        .Paragraph("This manual covers the pump.")
        .Heading(2, "Setup")
        .Paragraph("Before you start:")
        .ListItem(DocxBuilder.BulletList, "Unpack the pump")
        .ListItem(DocxBuilder.BulletList, "Check the seals")
        .ListItem(DocxBuilder.NumberedList, "Mount it")
        .ListItem(DocxBuilder.NumberedList, "Wire it")
        .Table(SampleTable)
        .Paragraph("  ")
        .Heading(1, "Usage")
        .Paragraph("Press start.");

    private async Task<ParsedDocument> ParseAsync(DocxBuilder builder)
    {
        var path = folder.File(Guid.NewGuid().ToString("N") + ".docx");
        builder.Save(path);
        return await ParseFileAsync(new DocxParser(), path);
    }

    internal static async Task<ParsedDocument> ParseFileAsync(IDocumentParser parser, string path)
    {
        await using var stream = File.OpenRead(path);
        return await parser.ParseAsync(stream, Path.GetFileName(path));
    }
}
