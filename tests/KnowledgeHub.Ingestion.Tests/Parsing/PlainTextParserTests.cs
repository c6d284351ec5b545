using System.Text;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.TestSupport;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class PlainTextParserTests
{
    private const string Chinese = "大模型的能力来自预训练。\n\n微调让它学会了对话。";

    [Fact]
    public async Task Paragraphs_are_split_on_blank_lines_and_their_lines_joined()
    {
        var document = await Parse(Encoding.UTF8.GetBytes("The first paragraph is wrapped\nacross two lines of text here.\r\n\r\nSecond paragraph.\n  \nThird."));

        Assert.Equal(["The first paragraph is wrapped across two lines of text here.", "Second paragraph.", "Third."], document.Blocks.Select(b => b.Text));
        Assert.All(document.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
        Assert.Null(document.PageCount);
    }

    [Fact]
    public async Task Unwrapped_text_has_one_paragraph_per_line()
    {
        var first = string.Concat(Enumerable.Repeat("第一段很长。", 20));
        var second = string.Concat(Enumerable.Repeat("第二段也很长。", 20));

        var document = await Parse(Encoding.UTF8.GetBytes($"标题\n06-18\n{first}\n{second}\n"));

        Assert.Equal(["标题", "06-18", first, second], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task Short_line_before_a_wrapped_paragraph_stays_a_paragraph_of_its_own()
    {
        var document = await Parse(Encoding.UTF8.GetBytes(
            "Pump maintenance\nCheck the seals of every pump once a month and replace them when\nthey leak, since a leaking seal ruins the bearings within weeks.\n"));

        Assert.Equal(
            ["Pump maintenance", "Check the seals of every pump once a month and replace them when they leak, since a leaking seal ruins the bearings within weeks."],
            document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task Wrapped_chinese_lines_are_joined_without_spaces()
    {
        var document = await Parse(Encoding.UTF8.GetBytes("大模型的能力来自\n预训练。\n\n第二段。"));

        Assert.Equal("大模型的能力来自预训练。", document.Blocks[0].Text);
    }

    public static TheoryData<string> Encodings() => new() { "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "gb18030" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Chinese_text_is_decoded_from_its_encoding(string encoding)
    {
        var bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Chinese)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Chinese)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Chinese)],
            _ => Gb18030().GetBytes(Chinese),
        };

        var document = await Parse(bytes);

        Assert.Equal(["大模型的能力来自预训练。", "微调让它学会了对话。"], document.Blocks.Select(b => b.Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t\n  ")]
    public async Task Empty_or_whitespace_file_is_rejected_as_empty(string text)
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("The file is empty.", error.Message);
    }

    [SharedDataFact]
    public async Task Chinese_article_parses_into_its_paragraphs()
    {
        var path = Directory.GetFiles(SharedData.PathTo("documents", "zh"), "*.txt").Order(StringComparer.Ordinal).First();

        var document = await Parse(File.ReadAllBytes(path));

        Assert.True(document.Blocks.Count > 50, $"only {document.Blocks.Count} blocks");
        Assert.Contains(document.Blocks, b => b.Text == "脱壳不是核心竞争力,把壳做厚才是。");
        Assert.All(document.Blocks, b => Assert.Equal(b.Text.Trim(), b.Text));
    }

    private static Encoding Gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    private static Task<ParsedDocument> Parse(byte[] bytes) => ParserTestInput.ParseAsync(new PlainTextParser(), bytes, "notes.txt");
}
