namespace KnowledgeHub.Ingestion.Documents;

/// <summary>A collection of one tenant: it exists while at least one document names it.</summary>
/// <param name="CreatedAt">When its oldest document was created.</param>
public sealed record CollectionSummary(string Name, int DocumentCount, DateTimeOffset CreatedAt);
