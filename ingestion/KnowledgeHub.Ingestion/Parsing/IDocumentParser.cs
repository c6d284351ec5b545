namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>The seam to a format library (PdfPig, Markdig, ...). One implementation per format.</summary>
public interface IDocumentParser
{
    /// <summary>Lower-case extensions with the dot, e.g. ".pdf".</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>
    /// Parses the whole document. Throws <see cref="DocumentRejectedException"/> for content that can never be
    /// parsed (corrupt, encrypted, empty); any other exception is treated as transient and retried.
    /// </summary>
    Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same, reporting the pages read so far by a long step inside parsing (OCR) to <paramref name="progress"/>
    /// as (done, total). Parsers without such a step ignore it.
    /// </summary>
    Task<ParsedDocument> ParseAsync(Stream content, string fileName, Func<int, int, Task>? progress, CancellationToken cancellationToken = default) =>
        ParseAsync(content, fileName, cancellationToken);
}
