using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using AngleSharpHtmlParser = AngleSharp.Html.Parser.HtmlParser;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// HTML pages through AngleSharp. Only the main content is read: the &lt;main&gt; element, else a page's single
/// &lt;article&gt;, else the body; scripts, styles, navigation, sidebars and the page-level header and footer are
/// dropped first. A header or footer inside an article or section is that section's own (its title, its byline)
/// and is kept. The title comes from &lt;title&gt;, else the first h1.
/// </summary>
public sealed class HtmlParser : IDocumentParser
{
    private const string Kind = "HTML page";

    private const string NoiseSelector =
        "script, style, noscript, template, nav, aside, iframe, svg, canvas, object, embed, button, select, [hidden], "
        + "[aria-hidden=true], [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search]";

    private readonly ILogger<HtmlParser> logger;

    public HtmlParser()
        : this(NullLogger<HtmlParser>.Instance)
    {
    }

    public HtmlParser(ILogger<HtmlParser> logger)
    {
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm"];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await StreamContent.ReadAllAsync(content, cancellationToken);
        var decoded = HtmlCharset.Decode(bytes);
        ParsingLog.Decoded(logger, fileName, decoded.EncodingName, bytes.Length);
        if (string.IsNullOrWhiteSpace(decoded.Text))
        {
            throw new DocumentRejectedException(DocumentRejections.Empty);
        }

        var document = await ParseAsync(decoded.Text, cancellationToken);
        ParsingLog.Parsed(logger, fileName, Kind, document.Blocks.Count);
        return document;
    }

    private static async Task<ParsedDocument> ParseAsync(string html, CancellationToken cancellationToken)
    {
        using var document = await new AngleSharpHtmlParser().ParseDocumentAsync(HtmlNestingLimit.Apply(html), cancellationToken);
        var root = ContentRoot(document);
        var walker = new HtmlContentWalker(cancellationToken);
        if (root is not null)
        {
            RemoveNoise(root);
            walker.Walk(root);
        }

        if (walker.Blocks.Count == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.NoText(Kind));
        }

        var title = RunningText.Normalize(document.Title ?? string.Empty);
        return new ParsedDocument(walker.Blocks, Title: title.Length > 0 ? title : walker.FirstTopHeading);
    }

    private static IElement? ContentRoot(IHtmlDocument document)
    {
        if (document.QuerySelector("main, [role=main]") is { } main)
        {
            return main;
        }

        // Several articles are a listing (a blog's front page): none of them alone is the page's content.
        var articles = document.QuerySelectorAll("article");
        return articles.Length == 1 ? articles[0] : document.Body;
    }

    private static void RemoveNoise(IElement root)
    {
        foreach (var element in root.QuerySelectorAll(NoiseSelector).ToList())
        {
            element.Remove();
        }

        // A header or footer outside any sectioning element is the site's banner or footer, repeated on every page.
        foreach (var element in root.QuerySelectorAll("header, footer").ToList())
        {
            if (element.ParentElement?.Closest("article, aside, main, nav, section") is null)
            {
                element.Remove();
            }
        }
    }
}
