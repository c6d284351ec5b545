using KnowledgeHub.Retrieval.Fusion;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>How an index searches; each null member takes the index's default.</summary>
internal sealed record SearchSettings(RankFusion? Fusion, Bm25Parameters? Bm25, DenseFeedback? Feedback);
