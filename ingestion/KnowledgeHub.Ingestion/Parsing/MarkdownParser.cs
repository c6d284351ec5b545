using System.Globalization;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>
/// Markdown through Markdig: headings open sections (a heading's own <see cref="ParsedBlock.HeadingPath"/> ends with
/// itself, and the blocks under it share that path), list items and code blocks become paragraphs, pipe tables become
/// <see cref="BlockKind.Table"/> blocks with one line per row, the header row first.
/// </summary>
public sealed class MarkdownParser : IDocumentParser
{
    private const string PathSeparator = " > ";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseYamlFrontMatter().Build();

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await StreamContent.ReadAllAsync(content, cancellationToken);
        var text = TextDecoder.Decode(bytes).Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DocumentRejectedException(DocumentRejections.Empty);
        }

        return Parse(text);
    }

    internal static ParsedDocument Parse(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var walker = new Walker();
        walker.Visit(document);
        if (walker.Blocks.Count == 0)
        {
            throw new DocumentRejectedException(DocumentRejections.MarkdownNoText);
        }

        return new ParsedDocument(walker.Blocks, Title: walker.Title);
    }

    private sealed class Walker
    {
        // Index i holds the current heading of level i + 1; deeper levels are cleared when a shallower heading starts.
        private readonly string?[] headings = new string?[6];

        public List<ParsedBlock> Blocks { get; } = [];

        public string? Title { get; private set; }

        private string? Path
        {
            get
            {
                var parts = headings.Where(h => h is not null).ToArray();
                return parts.Length == 0 ? null : string.Join(PathSeparator, parts);
            }
        }

        public void Visit(ContainerBlock container)
        {
            foreach (var block in container)
            {
                VisitBlock(block);
            }
        }

        private void VisitBlock(Block block)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    VisitHeading(heading);
                    break;
                case Table table:
                    VisitTable(table);
                    break;
                case ListBlock list:
                    VisitList(list);
                    break;
                case YamlFrontMatterBlock:
                    // Metadata for static-site generators, not part of the text.
                    break;
                case CodeBlock code:
                    Add(CodeText(code), BlockKind.Paragraph);
                    break;
                case ParagraphBlock paragraph:
                    Add(MarkdownInlineText.Of(paragraph.Inline), BlockKind.Paragraph);
                    break;
                case ContainerBlock nested:
                    Visit(nested);
                    break;
            }
        }

        private static string CodeText(CodeBlock code)
        {
            var lines = code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString().TrimEnd());
            return string.Join('\n', lines).Trim('\n');
        }

        private void VisitHeading(HeadingBlock heading)
        {
            var text = MarkdownInlineText.Of(heading.Inline);
            if (text.Length == 0)
            {
                return;
            }

            var level = Math.Clamp(heading.Level, 1, headings.Length);
            headings[level - 1] = text;
            Array.Clear(headings, level, headings.Length - level);
            if (level == 1)
            {
                Title ??= text;
            }

            Add(text, BlockKind.Heading);
        }

        private void VisitTable(Table table)
        {
            var rows = new List<string>();
            foreach (var row in table.OfType<TableRow>())
            {
                var cells = row.OfType<TableCell>().Select(CellText).ToList();
                if (cells.Exists(c => c.Length > 0))
                {
                    rows.Add(string.Join(" | ", cells));
                }
            }

            Add(string.Join('\n', rows), BlockKind.Table);
        }

        private static string CellText(TableCell cell) =>
            string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => MarkdownInlineText.Of(p.Inline))).Trim();

        private void VisitList(ListBlock list)
        {
            var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
            foreach (var item in list.OfType<ListItemBlock>())
            {
                var marker = list.IsOrdered ? $"{number++}. " : "- ";
                var ownText = string.Join(" ", item.OfType<ParagraphBlock>().Select(p => MarkdownInlineText.Of(p.Inline)).Where(t => t.Length > 0));
                if (ownText.Length > 0)
                {
                    Add(marker + ownText, BlockKind.Paragraph);
                }

                // Nested lists, quotes and code inside the item keep their own structure.
                foreach (var child in item)
                {
                    if (child is not ParagraphBlock)
                    {
                        VisitBlock(child);
                    }
                }
            }
        }

        private void Add(string text, BlockKind kind)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                Blocks.Add(new ParsedBlock(text, kind, Page: null, HeadingPath: Path));
            }
        }
    }
}
