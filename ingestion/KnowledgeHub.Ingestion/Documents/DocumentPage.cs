namespace KnowledgeHub.Ingestion.Documents;

/// <param name="Total">Documents matching the filters, on every page together.</param>
/// <param name="Next">Where the next page starts; null on the last page.</param>
public sealed record DocumentPage(IReadOnlyList<DocumentRecord> Documents, int Total, DocumentCursor? Next);
