namespace KnowledgeHub.Orchestration.Text;

/// <summary>
/// Gathers the passage sentences an answer relies on into citations, in first-use order: one citation per sentence,
/// except that the rows of one table in one passage share a citation that quotes the header row once and then the
/// rows in table order, never the rows in between.
/// </summary>
internal sealed class PassageQuotes
{
    private readonly List<List<PassageSentence>> groups = [];

    /// <summary>Adds a quoted sentence; one already quoted is not quoted again.</summary>
    public void Add(PassageSentence sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (groups.Exists(g => g.Exists(s => s.Number == sentence.Number && s.Span == sentence.Span)))
        {
            return;
        }

        var table = sentence.Header is { } header
            ? groups.Find(g => g[0].Number == sentence.Number && g[0].Chunk.Id == sentence.Chunk.Id && g[0].Header == header)
            : null;
        if (table is null)
        {
            groups.Add([sentence]);
        }
        else
        {
            table.Add(sentence);
        }
    }

    public IReadOnlyList<Citation> ToCitations() => [.. groups.Select(Cite)];

    /// <summary>One citation quoting the given sentences of one passage: a table's header first when they are rows.</summary>
    public static Citation Cite(IReadOnlyList<PassageSentence> sentences)
    {
        var first = sentences[0];
        var chunk = first.Chunk;
        var spans = sentences.Select(s => s.Span).OrderBy(s => s.Start).ToList();
        if (first.Header is { } header)
        {
            spans.Insert(0, header);
        }

        var quote = string.Join("\n", spans.Select(s => s.Of(chunk.Text)));
        return new Citation(
            first.Number,
            chunk.Id,
            chunk.DocumentId,
            chunk.FileName,
            chunk.Page,
            spans[0].Start,
            spans[^1].End,
            quote,
            chunk.Version,
            chunk.Box,
            chunk.HeadingPath,
            [.. spans.Select(s => new QuoteSpan(s.Start, s.End))],
            Retrieval.Metadata.DocumentMetadata.Shown(chunk.Metadata));
    }
}
