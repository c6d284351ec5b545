namespace KnowledgeHub.Ingestion.Documents;

/// <summary>Changes to a document's attributes that need no new version; a null field is left as it is.</summary>
/// <param name="AccessGroups">The new access groups (normalised); empty makes the document readable by every key of its tenant.</param>
/// <param name="Metadata">The new metadata (replaces the old as a whole); empty removes it.</param>
public sealed record DocumentChanges(
    IReadOnlyList<string>? AccessGroups = null, IReadOnlyDictionary<string, Retrieval.Metadata.MetadataValue>? Metadata = null);
