namespace KnowledgeHub.Connectors;

/// <summary>Which of a run's counts an item adds to.</summary>
public enum ItemOutcome
{
    Added,
    Updated,
    Unchanged,
    Failed,
}
