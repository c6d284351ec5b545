namespace KnowledgeHub.Ingestion.Documents;

public enum DocumentStatus
{
    Queued,
    Processing,
    Completed,
    Failed,
}
