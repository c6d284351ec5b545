namespace KnowledgeHub.Orchestration.Text;

/// <summary>What a piece of chunk text is, which decides whether it can be quoted as evidence.</summary>
internal enum SentenceKind
{
    /// <summary>Running text: quotable.</summary>
    Sentence,

    /// <summary>A heading line at the chunk's start: its words travel in the citation's heading path, never in a quote.</summary>
    Heading,

    /// <summary>The first line of a run of table rows: quoted only together with a matching row.</summary>
    TableHeader,

    /// <summary>A table row after the header: quotable, with its header.</summary>
    TableRow,

    /// <summary>Too few words to say anything (plot tick labels, page furniture): never quoted.</summary>
    Fragment,
}
