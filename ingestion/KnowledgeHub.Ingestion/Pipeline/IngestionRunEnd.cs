namespace KnowledgeHub.Ingestion.Pipeline;

/// <summary>Why a run was stopped before it ended on its own.</summary>
public enum IngestionRunEnd
{
    Deleted,
    Superseded,

    /// <summary>Retried while stalled: the run starts over on the same version.</summary>
    Retried,
}
