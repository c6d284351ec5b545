namespace KnowledgeHub.Connectors;

/// <summary>
/// One item a source lists: its address, a change token, and how to read its bytes (only called when the token
/// differs from last time). A source that already knows the item is unchanged (a 304) says so; one that could not read
/// it gives the reason instead of bytes, and the item keeps its document.
/// </summary>
/// <param name="FileName">The name the document gets (shown in citations).</param>
/// <param name="State">The source's own notes kept with the item (a page's links, a commit id).</param>
public sealed record SourceItem(string Uri, string FileName, string Token)
{
    public Func<CancellationToken, Task<Stream>>? Open { get; init; }

    public string? ContentType { get; init; }

    public string? State { get; init; }

    public bool Unchanged { get; init; }

    public string? Error { get; init; }
}
