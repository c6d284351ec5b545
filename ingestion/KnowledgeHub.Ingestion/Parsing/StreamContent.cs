namespace KnowledgeHub.Ingestion.Parsing;

internal static class StreamContent
{
    /// <summary>Reads the rest of <paramref name="content"/>: PdfPig needs random access and the text parsers need it all anyway.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }
}
