namespace KnowledgeHub.Ingestion.Documents;

/// <summary>The content of a new version of an existing document (same external id, or same file name in the collection).</summary>
/// <param name="Tags">Replace the document's tags; null keeps them.</param>
/// <param name="AccessGroups">Replace the document's access groups; null keeps them.</param>
/// <param name="Metadata">Replace the document's metadata; null keeps it.</param>
public sealed record NewVersion(
    string FileName, string ContentHash, long SizeBytes, string? ContentType, IReadOnlyList<string>? Tags = null, IReadOnlyList<string>? AccessGroups = null,
    IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? Metadata = null);
