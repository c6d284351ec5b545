using System.Text;
using KnowledgeHub.Ingestion.Chunking;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Ingestion.Tests.Chunking;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class CsvParserTests
{
    [Fact]
    public async Task File_is_one_table_block_with_quoted_commas_quotes_and_line_breaks_kept_in_their_cells()
    {
        const string csv = "Name,Address,Note\r\n"
            + "\"Smith, John\",\"12 Main St\nSpringfield\",\"Says \"\"hi\"\"\"\r\n"
            + "Doe,,plain\r\n"
            + "\r\n"
            + ",,\r\n";

        var document = await ParserTestInput.ParseAsync(new CsvParser(), csv, "people.csv");

        var table = Assert.Single(document.Blocks);
        Assert.Equal(BlockKind.Table, table.Kind);
        Assert.Null(table.HeadingPath);
        Assert.Equal("Name | Address | Note\nSmith, John | 12 Main St Springfield | Says \"hi\"\nDoe |  | plain", table.Text);
    }

    [Fact]
    public async Task Tsv_is_split_on_tabs_only()
    {
        var document = await ParserTestInput.ParseAsync(new CsvParser(), "City\tPopulation\nBerlin, DE\t3,850,809\n", "cities.tsv");

        Assert.Equal("City | Population\nBerlin, DE | 3,850,809", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Semicolon_separated_csv_as_written_by_european_excel_is_recognised()
    {
        var document = await ParserTestInput.ParseAsync(new CsvParser(), "Artikel;Preis\nSchraube;0,15\n", "preise.csv");

        Assert.Equal("Artikel | Preis\nSchraube | 0,15", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Excel_separator_hint_line_sets_the_delimiter_and_is_not_a_row()
    {
        var document = await ParserTestInput.ParseAsync(new CsvParser(), "sep=|\nA|B\n1,5|2\n", "hint.csv");

        Assert.Equal("A | B\n1,5 | 2", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Columns_empty_in_every_row_are_dropped()
    {
        var document = await ParserTestInput.ParseAsync(new CsvParser(), "Key,,Value,,\nk1,,v1,,\n", "sparse.csv");

        Assert.Equal("Key | Value\nk1 | v1", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Unclosed_quote_runs_to_the_end_of_the_file_instead_of_failing()
    {
        var document = await ParserTestInput.ParseAsync(new CsvParser(), "A,B\n1,\"open\n2,3\n", "broken.csv");

        Assert.Equal("A | B\n1 | open 2,3", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Gbk_encoded_csv_is_decoded()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("产品,价格\n水泵,1200\n");

        var document = await ParserTestInput.ParseAsync(new CsvParser(), bytes, "价格.csv");

        Assert.Equal("产品 | 价格\n水泵 | 1200", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Large_file_chunks_into_parts_that_each_repeat_the_header_row()
    {
        var csv = "Id,Description\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"{i},\"Item {i}, a part with a long description\"\n"));
        var document = await ParserTestInput.ParseAsync(new CsvParser(), csv, "items.csv");

        var chunks = new TextChunker(TestTokens.Count, new ChunkingOptions { MaxTokens = 64, OverlapTokens = 0 }).Chunk(document);

        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c => Assert.StartsWith("Id | Description\n", c.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n ")]
    public async Task Blank_file_is_rejected_as_empty(string text)
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParserTestInput.ParseAsync(new CsvParser(), text, "blank.csv"));

        Assert.Equal(DocumentRejections.Empty, error.Message);
    }

    [Fact]
    public async Task File_of_delimiters_only_is_rejected_as_without_text()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParserTestInput.ParseAsync(new CsvParser(), ",,\n,,\n", "commas.csv"));

        Assert.Equal("The CSV file contains no text.", error.Message);
    }
}
