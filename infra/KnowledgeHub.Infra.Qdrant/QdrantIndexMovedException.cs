namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// A version's points went to a collection the alias no longer names (a reindex moved it mid-write). Transient:
/// running the index step again writes the version where the alias points now.
/// </summary>
public sealed class QdrantIndexMovedException(string message) : InvalidOperationException(message);
