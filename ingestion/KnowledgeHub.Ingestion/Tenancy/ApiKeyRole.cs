namespace KnowledgeHub.Ingestion.Tenancy;

/// <summary>What a key may do inside its tenant.</summary>
public enum ApiKeyRole
{
    /// <summary>Everything of its tenant, including key management and the job dashboard.</summary>
    Admin,

    /// <summary>Document upload, list, get, delete, retry, and search.</summary>
    Ingest,

    /// <summary>Search, ask, chat completions, conversations, feedback, and reading the document list.</summary>
    Ask,
}
