using System.ComponentModel.DataAnnotations;
using KnowledgeHub.Ingestion.Parsing;
using KnowledgeHub.Retrieval.Text;

namespace KnowledgeHub.Ingestion.Chunking;

/// <summary>
/// Cuts a parsed document into chunks of whole sentences that fit the encoder's window. A chunk never spans two
/// pages (a citation names one page) or two sections; a heading opens a new chunk and leads its text; consecutive
/// chunks of one section share their boundary sentences (<see cref="ChunkingOptions.OverlapTokens"/>) so a fact
/// stated across the cut is whole in at least one of them. The result depends only on the input (deterministic ids
/// downstream rely on that).
/// </summary>
public sealed class TextChunker
{
    private readonly Func<string, int> countTokens;
    private readonly ChunkingOptions options;

    /// <param name="countTokens">Tokens of a text as the encoder will count them, without special tokens.</param>
    public TextChunker(Func<string, int> countTokens, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(countTokens);
        ArgumentNullException.ThrowIfNull(options);
        EnsureUsable(options);
        this.countTokens = countTokens;
        this.options = options;
    }

    public IReadOnlyList<TextChunk> Chunk(ParsedDocument document, CancellationToken cancellationToken = default) => Chunk(document, null, cancellationToken);

    /// <param name="settings">A collection's own size and overlap (<see cref="ChunkingSettings"/>); null: the configured section's.</param>
    public IReadOnlyList<TextChunk> Chunk(ParsedDocument document, ChunkingOptions? settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (settings is not null)
        {
            EnsureUsable(settings);
        }

        var assembler = new ChunkAssembler(countTokens, settings ?? options, cancellationToken);
        (int? Page, string? Path)? section = null;
        foreach (var block in document.Blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(block.Text))
            {
                continue;
            }

            if (section != (block.Page, block.HeadingPath))
            {
                section = (block.Page, block.HeadingPath);
                assembler.BeginSection(block.Page, block.HeadingPath);
            }

            switch (block.Kind)
            {
                case BlockKind.Heading:
                    assembler.AddHeading(RunningText.JoinLines(block.Text.Split('\n')), block.Box);
                    break;
                case BlockKind.Table:
                    assembler.AddTable([.. block.Text.Split('\n').Select(r => r.Trim()).Where(r => r.Length > 0)], block.Box);
                    break;
                default:
                    var sentences = SentenceSplitter.SplitAll(block.Text);
                    for (var i = 0; i < sentences.Count; i++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var separator = i == sentences.Count - 1 ? "\n" : Separator(block.Text.AsSpan(sentences[i].End, sentences[i + 1].Start - sentences[i].End));
                        assembler.AddSentence(sentences[i].Of(block.Text), separator, block.Box);
                    }

                    break;
            }
        }

        return assembler.Finish();
    }

    private static void EnsureUsable(ChunkingOptions options)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        if (options.OverlapTokens >= options.MaxTokens)
        {
            throw new ArgumentException($"OverlapTokens ({options.OverlapTokens}) must be smaller than MaxTokens ({options.MaxTokens}).", nameof(options));
        }
    }

    /// <summary>What joins two sentences in chunk text: a line break where the source had one (so re-splitting the chunk
    /// finds the same boundary), nothing where it had nothing (Chinese), else one space.</summary>
    private static string Separator(ReadOnlySpan<char> gap) => gap.Contains('\n') ? "\n" : gap.IsEmpty ? string.Empty : " ";
}
