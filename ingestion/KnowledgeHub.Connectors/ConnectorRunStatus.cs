namespace KnowledgeHub.Connectors;

public enum ConnectorRunStatus
{
    Running,
    Completed,
    Failed,
}
