namespace KnowledgeHub.Ingestion.Documents;

/// <summary>
/// One tenant's documents counted by status in the database (<see cref="IDocumentStore.CountIngestionAsync"/>), so
/// that the queue's numbers cost the same whether it holds ten documents or a hundred thousand.
/// </summary>
/// <param name="Completed">Completed with the last status change at or after the ended-from time.</param>
/// <param name="Failed">Failed with the last status change at or after the ended-from time.</param>
/// <param name="RecentCompleted">Completed at or after the rate-from time.</param>
/// <param name="RecentChunks">The chunks of <paramref name="RecentCompleted"/>'s documents.</param>
public sealed record IngestionCounts(int Queued, int Processing, int Completed, int Failed, int RecentCompleted, long RecentChunks);
