using System.Text;
using KnowledgeHub.Ingestion.Parsing;

namespace KnowledgeHub.Ingestion.Tests.Parsing;

/// <summary>
/// A page of endlessly nested unclosed elements (one enormous line of &lt;div&gt;s) is read in time proportional to its
/// length and keeps every word; it used to take AngleSharp quadratic time and a walk a million calls deep.
/// </summary>
public sealed class HtmlNestingTests
{
    [Fact]
    public async Task A_hundred_thousand_unclosed_divs_on_one_line_keep_every_word_and_nest_no_deeper_than_the_limit()
    {
        const int Words = 100_000;
        var html = new StringBuilder("<html><body>");
        for (var i = 0; i < Words; i++)
        {
            html.Append("<div>w").Append(i).Append(' ');
        }

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), html.ToString(), "deep.html");

        var text = string.Join(' ', document.Blocks.Select(b => b.Text));
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, Words).Select(i => $"w{i}"), words);

        // Each kept <div> ends a paragraph; past the limit the rest of the text is one paragraph.
        Assert.InRange(document.Blocks.Count, 500, 520);
    }

    [Fact]
    public async Task Nesting_inside_comments_scripts_and_attribute_values_is_not_counted()
    {
        var noise = string.Concat(Enumerable.Repeat("<div>", 2000));
        var html = $"""
            <html><body>
            <!-- {noise} -->
            <script>var s = "{noise}";</script>
            <p title="{noise}">First paragraph.</p>
            <div><div><p>Second paragraph.</p></div></div>
            <p>Third paragraph.</p>
            </body></html>
            """;

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), html, "noise.html");

        Assert.Equal(["First paragraph.", "Second paragraph.", "Third paragraph."], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task Unclosed_list_items_and_paragraphs_by_the_thousand_stay_separate_blocks()
    {
        var html = "<html><body><ul>" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"<li>item {i}")) + "</ul></body></html>";

        var document = await ParserTestInput.ParseAsync(new HtmlParser(), html, "list.html");

        Assert.Equal(3000, document.Blocks.Count);
        Assert.EndsWith("item 2999", document.Blocks[^1].Text, StringComparison.Ordinal);
    }
}
