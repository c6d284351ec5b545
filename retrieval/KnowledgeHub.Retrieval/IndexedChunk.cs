namespace KnowledgeHub.Retrieval;

/// <summary>One chunk as the index stores it: text, where it came from, and its embedding.</summary>
/// <param name="Id">Deterministic chunk id (see <see cref="ChunkId"/>).</param>
/// <param name="Page">1-based page for paged sources (PDF); null otherwise.</param>
/// <param name="Ordinal">0-based position of the chunk in its document version.</param>
/// <param name="Box">Where the chunk sits on its page (PDF points), when the format has positions.</param>
/// <param name="HeadingPath">e.g. "3 Methods > 3.2 Data"; null when the source has no headings.</param>
/// <param name="Tags">The document's tags, for filtering; null when it has none.</param>
/// <param name="Created">When the document was created (first uploaded), for date-range filters; null when unknown.</param>
/// <param name="Suspicious">Why the chunk looks like a planted instruction; null when clean or cleared by an admin.</param>
/// <param name="AccessGroups">The document's access groups; null or empty when every key of the tenant may read it.</param>
/// <param name="Metadata">The document's typed metadata, for filters and to show with results; null when it has none.</param>
public sealed record IndexedChunk(
    string Id,
    string Tenant,
    string Collection,
    string DocumentId,
    int Version,
    string FileName,
    int? Page,
    int Ordinal,
    string Text,
    string? HeadingPath,
    float[] Vector,
    PageBox? Box = null,
    IReadOnlyList<string>? Tags = null,
    DateTimeOffset? Created = null,
    string? Suspicious = null,
    IReadOnlyList<string>? AccessGroups = null,
    IReadOnlyDictionary<string, Metadata.MetadataValue>? Metadata = null)
{
    /// <summary>What every index requires of a chunk it stores: ids, tenant, text, and a vector of the index's width.</summary>
    /// <exception cref="ArgumentException">A required field is missing or the vector has another width.</exception>
    public static void EnsureValid(IndexedChunk chunk, int dimensions, string modelId)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentException.ThrowIfNullOrEmpty(chunk.Id);
        ArgumentException.ThrowIfNullOrEmpty(chunk.Tenant);
        ArgumentNullException.ThrowIfNull(chunk.Collection);
        ArgumentException.ThrowIfNullOrEmpty(chunk.DocumentId);
        ArgumentNullException.ThrowIfNull(chunk.Text);
        if (chunk.Vector?.Length != dimensions)
        {
            throw new ArgumentException(
                $"Chunk '{chunk.Id}' has a vector of {chunk.Vector?.Length ?? 0} dimensions; this index holds {dimensions} ({modelId}).", nameof(chunk));
        }
    }
}
