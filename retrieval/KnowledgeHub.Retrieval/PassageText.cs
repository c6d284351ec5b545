namespace KnowledgeHub.Retrieval;

/// <summary>What an encoder embeds for a chunk, so ingestion and re-scoring embed the same text.</summary>
public static class PassageText
{
    // The heading path gives a chunk its context ("3 Methods > 3.2 Data"); the chunker already prefixes headings
    // that start a chunk, so only add it when the chunk does not begin with it.
    public static string ForEmbedding(string? headingPath, string text) =>
        headingPath is { Length: > 0 } heading && !text.StartsWith(heading, StringComparison.Ordinal)
            ? heading + "\n" + text
            : text;
}
