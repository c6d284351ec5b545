using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class MarkdownParserTests
{
    private const string Guide = """
        # Intro

        KnowledgeHub answers *questions* from your [own documents](https://example.com).

        ## Setup

        Install the **service** and run `serve`.

        - first item
        - second item
          continues here
        1. ordered one
        2. ordered two

        ```bash
        dotnet run
        dotnet test
        ```

        | Name | Value |
        |------|-------|
        | max  | 256   |
        | overlap | 32 |

        # Usage

        Ask away.
        """;

    [Fact]
    public async Task Headings_set_the_heading_path_of_the_blocks_under_them()
    {
        var document = await Parse(Guide);

        var setup = Assert.Single(document.Blocks, b => b.Text == "Setup");
        Assert.Equal(BlockKind.Heading, setup.Kind);
        Assert.Equal("Intro > Setup", setup.HeadingPath);
        Assert.Equal("Intro > Setup", Block(document, "Install the service and run serve.").HeadingPath);
        Assert.Equal("Intro", Block(document, "KnowledgeHub answers questions from your own documents.").HeadingPath);
        Assert.Equal("Usage", Block(document, "Ask away.").HeadingPath);
    }

    [Fact]
    public async Task Title_is_the_first_top_level_heading()
    {
        var document = await Parse(Guide);

        Assert.Equal("Intro", document.Title);
        Assert.All(document.Blocks, b => Assert.Null(b.Page));
    }

    [Fact]
    public async Task List_items_become_paragraphs_with_their_markers()
    {
        var document = await Parse(Guide);

        Assert.Equal(BlockKind.Paragraph, Block(document, "- first item").Kind);
        Block(document, "- second item continues here");
        Block(document, "1. ordered one");
        Block(document, "2. ordered two");
    }

    [Fact]
    public async Task Code_blocks_become_paragraphs_that_keep_their_lines()
    {
        var document = await Parse(Guide);

        Assert.Equal(BlockKind.Paragraph, Block(document, "dotnet run\ndotnet test").Kind);
    }

    [Fact]
    public async Task Pipe_tables_become_table_blocks_with_one_line_per_row()
    {
        var document = await Parse(Guide);

        var table = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal("Name | Value\nmax | 256\noverlap | 32", table.Text);
        Assert.Equal("Intro > Setup", table.HeadingPath);
    }

    [Fact]
    public async Task Chinese_lines_of_one_paragraph_are_joined_without_spaces()
    {
        var document = await Parse("# 简介\n\n大模型的能力\n来自预训练。\n");

        Assert.Equal("大模型的能力来自预训练。", document.Blocks[1].Text);
        Assert.Equal("简介", document.Blocks[1].HeadingPath);
    }

    [Fact]
    public async Task Yaml_front_matter_is_not_text()
    {
        var document = await Parse("---\ntitle: Pumps\ntags: [a, b]\n---\n\nBody text.\n");

        var block = Assert.Single(document.Blocks);
        Assert.Equal("Body text.", block.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n \t\n")]
    public async Task Empty_file_is_rejected_as_empty(string text)
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => Parse(text));

        Assert.Equal("The file is empty.", error.Message);
    }

    [Fact]
    public async Task Markdown_without_any_text_is_rejected()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => Parse("---\n\n<div></div>\n"));

        Assert.Equal(DocumentRejections.MarkdownNoText, error.Message);
    }

    private static Task<ParsedDocument> Parse(string markdown) => ParserTestInput.ParseAsync(new MarkdownParser(), markdown, "guide.md");

    private static ParsedBlock Block(ParsedDocument document, string text) => Assert.Single(document.Blocks, b => b.Text == text);
}
