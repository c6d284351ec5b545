using System.Text;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

public class HtmlParserTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html>
        <head>
          <meta charset="utf-8">
          <title>Pump  Manual</title>
          <style>.noise { color: red }</style>
          <script>var tracking = "script noise";</script>
        </head>
        <body>
          <header><a href="/">Home noise</a> <p>Banner noise</p></header>
          <nav><ul><li><a href="/docs">Docs noise</a></li></ul></nav>
          <aside>Sidebar noise</aside>
          <main>
            <h1>Installation</h1>
            <p>Mount the pump <em>firmly</em>
               on a level base.</p>
            <h2>Wiring</h2>
            <ul>
              <li>Use copper wire.</li>
              <li><p>Ground the <b>frame</b>.</p></li>
            </ul>
            <ol start="3"><li>Third step</li><li>Fourth step</li></ol>
            <table>
              <caption>Supported models</caption>
              <thead><tr><th>Model</th><th>Voltage</th><th>Power</th></tr></thead>
              <tbody>
                <tr><td>P-100</td><td>230 V</td><td>1.5 kW</td></tr>
                <tr><td>P-200</td><td>400&nbsp;V</td><td>3 kW</td></tr>
              </tbody>
            </table>
            <pre>pump --start
          --speed 3</pre>
            <h2>Maintenance</h2>
            <div>Loose text in a div.<script>alert("inline script noise")</script><noscript>Enable JS noise</noscript></div>
          </main>
          <footer>Copyright noise</footer>
        </body>
        </html>
        """;

    [Fact]
    public async Task Main_content_is_read_with_heading_paths_and_page_noise_is_dropped()
    {
        var document = await ParserTestInput.ParseAsync(new HtmlParser(), Page, "manual.html");

        Assert.Equal(
        [
            (BlockKind.Heading, "Installation", "Installation"),
            (BlockKind.Paragraph, "Mount the pump firmly on a level base.", "Installation"),
            (BlockKind.Heading, "Wiring", "Installation > Wiring"),
            (BlockKind.Paragraph, "- Use copper wire.", "Installation > Wiring"),
            (BlockKind.Paragraph, "- Ground the frame.", "Installation > Wiring"),
            (BlockKind.Paragraph, "3. Third step", "Installation > Wiring"),
            (BlockKind.Paragraph, "4. Fourth step", "Installation > Wiring"),
            (BlockKind.Paragraph, "Supported models", "Installation > Wiring"),
            (BlockKind.Table, "Model | Voltage | Power\nP-100 | 230 V | 1.5 kW\nP-200 | 400 V | 3 kW", "Installation > Wiring"),
            (BlockKind.Paragraph, "pump --start\n  --speed 3", "Installation > Wiring"),
            (BlockKind.Heading, "Maintenance", "Installation > Maintenance"),
            (BlockKind.Paragraph, "Loose text in a div.", "Installation > Maintenance"),
        ],
        document.Blocks.Select(b => (b.Kind, b.Text, b.HeadingPath)));
        Assert.DoesNotContain(document.Blocks, b => b.Text.Contains("noise", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Pump Manual", document.Title);
    }

    [Fact]
    public async Task Without_main_a_single_article_is_the_content_and_keeps_its_own_header()
    {
        const string html = """
            <html><body>
              <header>Site banner noise</header>
              <div class="layout">
                <article>
                  <header><h1>Release notes</h1><p>Published in May</p></header>
                  <p>Version 2 adds HTML ingestion.</p>
                  <footer>Filed under: releases</footer>
                </article>
                <div class="related">Related links noise</div>
              </div>
              <footer>Copyright noise</footer>
            </body></html>
            """;

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), html, "notes.htm");

        Assert.Equal(
            ["Release notes", "Published in May", "Version 2 adds HTML ingestion.", "Filed under: releases"],
            document.Blocks.Select(b => b.Text));
        Assert.Equal("Release notes", document.Title);
    }

    [Fact]
    public async Task Without_main_or_single_article_the_body_is_read_minus_page_header_and_footer()
    {
        const string html = """
            <html><body>
              <div><header>Logo noise</header></div>
              <h1>FAQ</h1>
              <article><h2>Question one</h2><p>Answer one.</p></article>
              <article><h2>Question two</h2><p>Answer two.</p></article>
              <footer>Copyright noise</footer>
            </body></html>
            """;

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), html, "faq.html");

        Assert.Equal(
            ["FAQ", "FAQ > Question one", "FAQ > Question one", "FAQ > Question two", "FAQ > Question two"],
            document.Blocks.Select(b => b.HeadingPath!));
        Assert.DoesNotContain(document.Blocks, b => b.Text.Contains("noise", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Table_without_th_takes_its_first_row_as_header_and_pads_spanned_columns()
    {
        const string html = """
            <table>
              <tr><td>Name</td><td>Q1</td><td>Q2</td></tr>
              <tr><td>North</td><td colspan="2">closed</td></tr>
              <tr><td>South</td><td>5</td><td>7</td></tr>
            </table>
            """;

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), html, "table.html");

        var table = Assert.Single(document.Blocks);
        Assert.Equal(BlockKind.Table, table.Kind);
        Assert.Equal("Name | Q1 | Q2\nNorth | closed | \nSouth | 5 | 7", table.Text);
    }

    [Fact]
    public async Task Charset_declared_in_a_meta_tag_is_used_to_decode_the_bytes()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>知识库</title></head><body><p>大模型产品如何构建</p></body></html>";

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), Encoding.GetEncoding("GB18030").GetBytes(html), "zh.html");

        Assert.Equal("大模型产品如何构建", Assert.Single(document.Blocks).Text);
        Assert.Equal("知识库", document.Title);
    }

    [Fact]
    public async Task Latin1_label_is_decoded_as_windows_1252_like_browsers_do()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string html = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\u00e9 \u2013 men\u00fc</p></body></html>";

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), Encoding.GetEncoding(1252).GetBytes(html), "latin.html");

        Assert.Equal("Caf\u00e9 \u2013 men\u00fc", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Without_a_declaration_the_bytes_are_read_as_utf8()
    {
        var document = await ParserTestInput.ParseAsync(new HtmlParser(), "<p>Grüße, 世界</p>", "plain.html");

        Assert.Equal("Grüße, 世界", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Line_breaks_in_chinese_source_text_do_not_become_spaces()
    {
        var document = await ParserTestInput.ParseAsync(new HtmlParser(), "<p>检索增强\n生成</p>", "zh.html");

        Assert.Equal("检索增强生成", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task Page_with_nothing_but_noise_is_rejected_as_without_text()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(
            () => ParserTestInput.ParseAsync(new HtmlParser(), "<html><body><nav>Menu</nav><script>x()</script></body></html>", "empty.html"));

        Assert.Equal("The HTML page contains no text.", error.Message);
    }

    [Fact]
    public async Task Empty_file_is_rejected_as_empty()
    {
        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => ParserTestInput.ParseAsync(new HtmlParser(), "  \n", "blank.html"));

        Assert.Equal(DocumentRejections.Empty, error.Message);
    }
}
