using KnowledgeHub.Retrieval;

namespace KnowledgeHub.Bench.Evaluation;

/// <summary>Metrics of one query in one configuration.</summary>
public sealed record QueryMetrics(string QueryId, double NdcgAt10, double RecallAt100, double MrrAt10);

/// <summary>One row of the report: a retrieval configuration ("bm25", "dense", "hybrid") and its mean metrics.</summary>
public sealed record ConfigurationMetrics(string Name, SearchMode Mode, double NdcgAt10, double RecallAt100, double MrrAt10, IReadOnlyList<QueryMetrics> PerQuery);

public sealed record EvaluationReport(string Dataset, string ModelId, int Documents, int Chunks, int Queries, IReadOnlyList<ConfigurationMetrics> Configurations);
